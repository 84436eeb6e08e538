"""``structure`` on huge numbers and under limits: exact answers or one line, within seconds."""

from __future__ import annotations

import json
import time

import pytest
from typer.testing import CliRunner

from powershare.cli import app
from powershare.errors import ResourceLimitError
from powershare.games.weighted import WeightedGame
from powershare.power.registry import Limits
from powershare.structure import analyse
from powershare.structure.core import estimate_structure

runner = CliRunner()


def _run(*args: str) -> tuple[int, str, str, float]:
    start = time.perf_counter()
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr, time.perf_counter() - start


def test_huge_weight_exact_structure() -> None:
    facts = analyse(WeightedGame(2, [1, 10**999, 1], ["A", "B", "C"]))
    assert facts.minimal_winning == ((1,), (0, 2))
    assert facts.dictator is None and facts.veto == ()
    assert facts.homogeneous is False  # B alone weighs far more than the quota


def test_huge_weight_dictator() -> None:
    facts = analyse(WeightedGame(10**400, [10**400, 1, 1], ["A", "B", "C"]))
    assert facts.dictator == 0 and facts.dummies == (1, 2)


@pytest.mark.parametrize("factor", [2**63, 2**100])
def test_scaled_weights_same_structure(factor: int) -> None:
    small = analyse(WeightedGame(12, [4, 4, 4, 2, 2, 1]))
    big = analyse(WeightedGame(11 * factor + 1, [w * factor for w in (4, 4, 4, 2, 2, 1)]))
    attrs = ("minimal_winning", "minimal_blocking", "veto", "dummies", "dictator", "proper")
    attrs += ("strong", "minimal_winning_count", "minimal_blocking_count")
    for attr in attrs:
        assert getattr(big, attr) == getattr(small, attr)
    assert big.desirability.classes == small.desirability.classes


def test_dense_big_weights_enumerate() -> None:
    weights = [2**63 + 5, 2**63 + 1, 2**63, 7, 3]
    quota = 2**64 + 4
    facts = analyse(WeightedGame(quota, weights))
    win = {
        mask
        for mask in range(1 << 5)
        if sum(w for i, w in enumerate(weights) if mask >> i & 1) >= quota
    }
    minimal = {m for m in win if all(m & ~(1 << i) not in win for i in range(5) if m >> i & 1)}
    assert {sum(1 << i for i in c) for c in facts.minimal_winning} == minimal


def test_estimate_is_independent_of_the_numbers() -> None:
    start = time.perf_counter()
    estimate_structure(WeightedGame(10**500, [10**500 - 1, 10**499 + 3, 10**400, 7]))
    assert time.perf_counter() - start < 0.5


def test_refused_up_front_with_the_estimate() -> None:
    game = WeightedGame(60, [1 + i % 7 for i in range(60)])
    with pytest.raises(ResourceLimitError, match=r"listing .* coalitions would take"):
        analyse(game, 100_000_000)
    with pytest.raises(ResourceLimitError, match="over the limits"):
        analyse(game, 10, Limits(max_seconds=1e-6))


def test_cli_huge_weight() -> None:
    code, out, err, seconds = _run("structure", "[2; 1, 1e999, 1]", "--json")
    assert code == 0, err
    data = json.loads(out)
    assert data["dictator"] is None and sorted(map(sorted, data["minimal_winning_coalitions"])) == [
        ["P1", "P3"],
        ["P2"],
    ]
    assert seconds < 5


@pytest.mark.parametrize(
    "args",
    [
        ("[1; 1e400]",),
        ("A:1e-100, B:1, C:1", "--quota", "majority"),
        ("A:1.6e-216, B:53367.9%, C:11015407044619368448", "--quota", "majority"),
    ],
)
def test_cli_huge_and_tiny_numbers(args: tuple[str, ...]) -> None:
    code, _, err, seconds = _run("structure", *args)
    assert code == 0, err
    assert seconds < 5


def test_cli_large_limit_refused_with_the_estimate() -> None:
    weights = ",".join(str(1 + i % 7) for i in range(60))
    code, _, err, seconds = _run("structure", f"[120; {weights}]", "--limit", "100000000")
    assert code == 3 and err.startswith("powershare: error: listing")
    assert seconds < 5


def test_cli_max_seconds_and_max_memory() -> None:
    weights = ",".join(str(1 + i % 7) for i in range(60))
    code, _, err, _ = _run("structure", f"[120; {weights}]", "--max-seconds", "0.000001")
    assert code == 3 and "over the limits" in err
    code, _, err, _ = _run("structure", "[3; 1,1,1,1]", "--max-memory", "1" + "0" * 40)
    assert code == 0, err
