"""Bodies of thousands of interchangeable members (fuzz findings
power-count-members-at-least-hang and power-count-members-majority-hang)."""

import math
import time
from fractions import Fraction

import pytest

from powershare.errors import ResourceLimitError
from powershare.games.circuit import Circuit, circuit_of
from powershare.games.compound import AllOf, AtLeast, Criterion
from powershare.games.numbers import int_text, strict_json
from powershare.power import power, power_table
from powershare.power.compound import bdd
from powershare.power.compound.bdd import diagram_counts
from powershare.power.compound.symmetric import symmetric_counts
from powershare.power.registry import Limits


def test_one_class_of_5000_is_quick_and_exact() -> None:
    n, k = 5000, 2500
    game = AtLeast(k, [f"S{i}" for i in range(n)])
    start = time.perf_counter()
    table = power_table(game)
    assert time.perf_counter() - start < 10
    swings = table.results["banzhaf"].counts
    assert swings is not None and swings[0] == math.comb(n - 1, k - 1)
    assert table.results["shapley"].exact[0] == Fraction(1, n)
    assert len(int_text(table.results["shapley"].counts[0])) > 4300  # written in full


def test_binomials_on_demand_match_the_diagram() -> None:
    names = [f"m{i}" for i in range(80)]
    game = AllOf([Criterion([i % 7 + 1 for i in range(80)], 150, names), AtLeast(30, names)])
    c = circuit_of(game)
    assert c is not None
    for quantity in ("swings", "pivots"):
        assert symmetric_counts(c, quantity) == diagram_counts(c, quantity)


def test_a_single_criterion_goes_to_the_weighted_kernels() -> None:
    game = Criterion([1] * 40, "majority", [f"m{i}" for i in range(40)])
    assert power(game, "banzhaf").method == "generating-function"
    assert power(game, "banzhaf", method="decision-diagram").method == "decision-diagram"


def test_100000_identical_members_answer_or_refuse_within_seconds() -> None:
    game = Criterion([1] * 100_000, "majority", [f"m{i}" for i in range(100_000)])
    start = time.perf_counter()
    with pytest.raises(ResourceLimitError):
        power_table(game, limits=Limits(max_seconds=600, max_bytes=4 * 10**9))
    assert time.perf_counter() - start < 10


def test_diagram_bound_is_quick_for_100000_members() -> None:
    game = AllOf(
        [
            Criterion([1] * 100_000, "majority", [f"m{i}" for i in range(100_000)]),
            AtLeast(10, [f"m{i}" for i in range(100_000)]),
        ]
    )
    c: Circuit = game.circuit
    start = time.perf_counter()
    nodes, work = bdd.estimate_states(c)
    assert time.perf_counter() - start < 5
    assert nodes > 0 and work > 0


def test_int_text_and_strict_json() -> None:
    assert int_text(-(10**5000)) == "-1" + "0" * 5000
    assert strict_json({"r": float("inf"), "xs": [float("nan")]}) == {
        "r": None,
        "r_exact": "inf",
        "xs": [None],
    }
