"""The inverse problem: planted solutions, brute-force optimality, the EU-27 benchmark."""

from __future__ import annotations

import itertools
import math
import random

import pytest

from powershare.datasets import read_rows
from powershare.design import (
    bounds_around,
    count_weight_vectors,
    design_weights,
    equal_target,
    square_root_target,
)
from powershare.design.distance import distance
from powershare.design.evaluate import power_shares
from powershare.errors import InvalidInputError, UnknownNameError


def _brute(target: tuple[float, ...], total: int, kind: str, index: str = "banzhaf") -> float:
    """Best distance over every (unsorted) integer weight vector summing to total, all quotas
    above half: the reference for the exhaustive search."""
    n = len(target)
    best = math.inf
    for cut in itertools.combinations(range(total + n - 1), n - 1):
        bounds = (-1, *cut, total + n - 1)
        w = [bounds[i + 1] - bounds[i] - 1 for i in range(n)]
        for q in range(total // 2 + 1, total + 1):
            best = min(best, distance(power_shares(w, q, index), target, kind))
    return best


@pytest.mark.parametrize("kind", ["max_abs", "l1", "l2", "max_rel"])
def test_design_exhaustive_is_optimal_against_brute_force(kind: str) -> None:
    target = (0.45, 0.25, 0.2, 0.1)
    result = design_weights(target, total_weight=9, distance=kind, method="exhaustive")
    assert result.proven_optimal and not result.stopped_by_budget
    assert result.distance == pytest.approx(_brute(target, 9, kind), abs=1e-12)
    # the reported rule really has the reported power
    again = power_shares(result.weights, result.quota, "banzhaf")
    assert again == pytest.approx(result.power)
    assert result.distance == pytest.approx(distance(again, result.target, kind))


def test_design_exhaustive_shapley_against_brute_force() -> None:
    target = (0.1, 0.5, 0.4)  # unsorted target: weights must come back in member order
    result = design_weights(target, total_weight=8, index="ss", method="exhaustive")
    assert result.index == "shapley"
    assert result.distance == pytest.approx(_brute(target, 8, "max_abs", "shapley"))
    assert result.weights[1] >= result.weights[2] >= result.weights[0]


def test_design_planted_rules_are_recovered() -> None:
    rng = random.Random(3)
    for _ in range(6):
        n = rng.randint(3, 5)
        weights = [rng.randint(1, 6) for _ in range(n)]
        total = sum(weights)
        q = rng.randint(total // 2 + 1, total)
        planted = power_shares(weights, q, "banzhaf")
        found = design_weights(planted, total_weight=total, method="exhaustive")
        assert found.distance == pytest.approx(0, abs=1e-12)
        assert found.power == pytest.approx(planted)
        # without the total: the iterative and local searches recover it too
        heuristic = design_weights(planted, max_seconds=20)
        assert heuristic.distance < 0.02


def test_design_per_member_bounds_are_respected() -> None:
    target = (0.4, 0.3, 0.2, 0.1)
    lo, hi = bounds_around([4, 3, 2, 1], 20, 0.25)
    result = design_weights(
        target, total_weight=20, min_weight=lo, max_weight=hi, method="exhaustive"
    )
    assert all(a <= w <= b for a, w, b in zip(lo, result.weights, hi, strict=True))
    assert "within per-member bounds" in result.searched
    assert sum(result.weights) == 20


def test_design_count_weight_vectors() -> None:
    assert count_weight_vectors(5, [0] * 3, [5] * 3, False) == math.comb(7, 2)
    assert count_weight_vectors(5, [0] * 3, [5] * 3, True) == 5  # partitions of 5, <= 3 parts
    assert count_weight_vectors(10_000, [0] * 27, [10_000] * 27, True, cap=1000) is None


def test_design_eu27_jagiellonian_within_half_a_point() -> None:
    rows = read_rows("eu_council.csv")
    pop = [int(r["eurostat_population_2024_01_01"]) for r in rows]
    names = [r["member_state"] for r in rows]
    result = design_weights(square_root_target(pop), names=names, max_seconds=30)
    assert result.distance < 0.005  # every member within 0.5 percentage points
    assert result.seconds < 30
    assert not result.proven_optimal and "not proven optimal" in result.searched


def test_design_fixed_quota_and_budget() -> None:
    result = design_weights(equal_target(6), quota="2/3", max_seconds=0.05)
    total = result.total_weight
    assert result.quota == math.ceil(2 * total / 3)
    if result.stopped_by_budget:
        assert "time budget ran out" in result.searched
        assert not result.proven_optimal


@pytest.mark.parametrize(
    ("kwargs", "error", "fragment"),
    [
        ({"method": "magic"}, InvalidInputError, "unknown design method 'magic'"),
        ({"index": "nope"}, UnknownNameError, "unknown index 'nope'"),
        ({"total_weight": 0}, InvalidInputError, "total weight 0"),
        ({"total_weight": 10, "max_weight": 2}, InvalidInputError, "no weights fit"),
        ({"min_weight": [1, 2]}, InvalidInputError, "min_weight has 2 values for 3"),
    ],
)
def test_design_inverse_errors(kwargs: dict[str, object], error: type, fragment: str) -> None:
    with pytest.raises(error, match=fragment):
        design_weights(equal_target(3), **kwargs)  # type: ignore[arg-type]
