"""The design frontier (distance against decisiveness), decisiveness, exact bounds."""

from __future__ import annotations

import itertools
import json
from fractions import Fraction

import pytest
import typer
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from powershare.cli.design_cmd import register
from powershare.design import bounds_around, design_frontier, design_weights, distance
from powershare.design.evaluate import power_shares, winning_all_quotas
from powershare.games.weighted import WeightedGame
from powershare.structure import decisiveness

app = typer.Typer()
register(app)
runner = CliRunner()
AFGHAN = "Pashtun:42, Tajik:27, Hazara:9, Uzbek:9, Other:13"


def _brute_front(target: list[float], total: int) -> set[tuple[float, Fraction]]:
    """Every integer weight vector with the total, every quota from majority: the
    non-dominated (distance, decisiveness) points."""
    n = len(target)
    points = set()
    for w in itertools.product(range(total + 1), repeat=n):
        if sum(w) != total:
            continue
        for q in range(total // 2 + 1, total + 1):
            p = power_shares(w, q)
            win = sum(1 for m in range(1 << n) if sum(w[i] for i in range(n) if m >> i & 1) >= q)
            points.add((round(distance(p, target), 9), Fraction(win, 2**n)))
    return {
        (d, c)
        for d, c in points
        if not any((d2 <= d and c2 >= c) and (d2, c2) != (d, c) for d2, c2 in points)
    }


@pytest.mark.parametrize(
    ("target", "total"),
    [([0.5, 0.3, 0.2], 7), ([0.42, 0.27, 0.09, 0.22], 6), ([0.25] * 4, 5), ([0.6, 0.4], 9)],
)
def test_frontier_equals_brute_force(target: list[float], total: int) -> None:
    f = design_frontier(target, total_weight=total)
    assert f.proven
    got = {(round(r.distance, 9), r.collectivity) for r in f.rules}
    assert got == _brute_front(target, total)


def test_frontier_with_per_member_bounds_equals_brute_force() -> None:
    target = [0.5, 0.3, 0.2]
    f = design_frontier(target, total_weight=8, min_weight=[3, 1, 1], max_weight=[5, 4, 3])
    points = set()
    for w in itertools.product(range(3, 6), range(1, 5), range(1, 4)):
        if sum(w) != 8:
            continue
        for q in range(5, 9):
            d = decisiveness(WeightedGame(q, list(w)))
            points.add((round(distance(power_shares(w, q), target), 9), d.collectivity))
    front = {
        (d, c) for d, c in points if not any(d2 <= d and c2 >= c and (d2, c2) != (d, c)
                                             for d2, c2 in points)
    }  # fmt: skip
    assert {(round(r.distance, 9), r.collectivity) for r in f.rules} == front
    for r in f.rules:
        assert 3 <= r.weights[0] <= 5 and 1 <= r.weights[1] <= 4 and 1 <= r.weights[2] <= 3


@given(
    st.lists(st.integers(0, 6), min_size=1, max_size=6).filter(lambda w: sum(w) > 0),
    st.data(),
)
@settings(max_examples=60, deadline=None)
def test_decisiveness_against_enumeration(weights: list[int], data: st.DataObject) -> None:
    total = sum(weights)
    q = data.draw(st.integers(1, total))
    game = WeightedGame(q, weights)
    d = decisiveness(game, limit=1000)
    n = len(weights)
    coalitions = [frozenset(i for i in range(n) if m >> i & 1) for m in range(1 << n)]
    win = [c for c in coalitions if sum(weights[i] for i in c) >= q]
    assert d.winning == len(win) == winning_all_quotas(weights)[q - 1]
    assert d.collectivity == Fraction(len(win), 2**n)
    assert set(d.vetoes) == {i for i in range(n) if all(i in c for c in win)}
    blocking = [c for c in coalitions if not any(not (c & w) for w in win)]
    size = min(len(c) for c in blocking)
    assert d.blocking_size == size
    smallest = {tuple(sorted(c)) for c in blocking if len(c) == size}
    assert set(d.smallest_blocking) == smallest and d.smallest_blocking_count == len(smallest)


@given(
    st.lists(st.integers(1, 1000), min_size=1, max_size=6),
    st.integers(1, 500),
    st.sampled_from([0, 0.05, 0.1, 0.2, 0.25, 0.5, 1, 1.5]),
)
@settings(max_examples=100, deadline=None)
def test_bounds_are_exact(values: list[int], total: int, relative: float) -> None:
    lo, hi = bounds_around(values, total, relative)
    r = Fraction(str(relative))
    for v, a, b in zip(values, lo, hi, strict=True):
        share = Fraction(total * v, sum(values))
        assert a >= share * (1 - r) and b <= share * (1 + r)  # never outside
        assert a - 1 < share * (1 - r) or a == 0  # the smallest whole weight inside
        assert b + 1 > share * (1 + r) or b == total


def test_bounds_0_2_never_round_outward() -> None:
    lo, hi = bounds_around([42, 27, 9, 9, 13], 100, 0.2)
    assert (lo, hi) == ([34, 22, 8, 8, 11], [50, 32, 10, 10, 15])
    f = design_frontier([0.42, 0.27, 0.09, 0.09, 0.13], total_weight=100, min_weight=lo,
                        max_weight=hi)  # fmt: skip
    for r in f.rules:
        for w, share in zip(r.weights, [42, 27, 9, 9, 13], strict=True):
            assert Fraction(4, 5) * share <= w <= Fraction(6, 5) * share


def test_equal_target_is_not_unanimity() -> None:
    f = design_frontier([0.2] * 5, total_weight=100)
    assert len(f.rules) == 1 and f.rules[0].collectivity == Fraction(1, 2)
    assert f.rules[0].distance == 0 and not f.rules[0].decisiveness.vetoes
    assert "best on both counts" in f.tradeoff()


def test_degenerate_optimum_is_named_in_words() -> None:
    r = design_weights([0.2] * 5, total_weight=100, quota="100%")
    assert r.decisiveness is not None and r.decisiveness.unanimity
    assert "unanimity in disguise" in r.verdict()
    assert "unanimity" in r.decisiveness.sentence()
    f = design_frontier([0.5, 0.3, 0.2], total_weight=7)
    vetoed = [r for r in f.rules if r.decisiveness.vetoes]
    assert vetoed and all(r.label().startswith(("vetoes", "unanimity")) for r in vetoed)


def test_floor_chooses_closest_above_it() -> None:
    target = [0.42, 0.27, 0.09, 0.09, 0.13]
    free = design_frontier(target, total_weight=30)
    assert free.chosen is None and "No rule is chosen" in free.tradeoff()
    f = design_frontier(target, total_weight=30, min_decisiveness="40%")
    assert f.chosen is not None and f.chosen.collectivity >= Fraction(2, 5)
    assert f.chosen.distance == min(r.distance for r in f.rules if r.collectivity >= 0.4)
    none = design_frontier(target, total_weight=30, min_decisiveness="90%")
    assert none.chosen is None and "No rule of the space" in none.tradeoff()


def test_cli_frontier_json_and_plot(tmp_path) -> None:  # type: ignore[no-untyped-def]
    plot = tmp_path / "front.svg"
    out = runner.invoke(app, ["design", AFGHAN, "--target", "proportional", "--total-weight",
                              "40", "--json", "--plot", str(plot)])  # fmt: skip
    assert out.exit_code == 0, out.output
    data = json.loads(out.output)
    assert data["chosen"] is None and data["proven"] is True
    keys = {"weights", "quota", "rule", "distance", "decisiveness", "vetoes", "blocking"}
    assert data["frontier"] and all(keys <= set(p) for p in data["frontier"])
    assert plot.read_text().lstrip().startswith("<?xml")
    out = runner.invoke(app, ["design", AFGHAN, "--target", "proportional", "--total-weight",
                              "40", "--min-decisiveness", "30%"])  # fmt: skip
    assert out.exit_code == 0, out.output
    assert "chosen" in out.output and "can pass a decision" in out.output


@pytest.mark.parametrize(
    "args",
    [
        ["A:1e100000, B:2, C:3", "--target", "proportional"],
        ["A:3, B:2, C:1", "--bounds", "inf", "--target", "proportional"],
        ["A:3, B:2, C:1", "--bounds", "nan", "--target", "proportional"],
        ["A:3, B:2, C:1", "--min-decisiveness", "150%"],
    ],
)
def test_cli_bad_values_one_line(args: list[str]) -> None:
    out = runner.invoke(app, ["design", *args])
    assert out.exit_code == 2, out.output
    assert out.output.startswith("powershare: error: ") and out.output.count("\n") == 1


def test_cli_huge_value_and_tiny_budget_give_answers() -> None:
    out = runner.invoke(app, ["design", "A:1e400, B:2", "--target", "proportional", "--json"])
    assert out.exit_code == 0, out.output
    assert json.loads(out.output)["frontier"]
    out = runner.invoke(app, ["design", "A:3, B:2, C:1", "--method", "exhaustive",
                              "--max-seconds", "0.001", "--json"])  # fmt: skip
    assert out.exit_code == 0, out.output
    data = json.loads(out.output)
    assert data["stopped_by_budget"] and not data["proven"] and data["frontier"]
    r = design_weights([3, 2, 1], method="exhaustive", max_seconds=0.001)
    assert not r.proven_optimal and r.weights
    out = runner.invoke(app, ["design", "A:1e100000, B:2, C:3", "--target", "sqrt"])
    assert out.exit_code == 2 and out.output.count("\n") == 1
