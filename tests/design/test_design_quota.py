"""Optimal quota and the whole curve."""

from __future__ import annotations

import math
import random

import pytest

from powershare.datasets import read_rows
from powershare.design import (
    distance_by_quota,
    equal_target,
    jagiellonian_quota,
    optimal_quota,
    penrose_limit_quota,
    proportional_target,
    quota_pair_surface,
    square_root_target,
)
from powershare.design.distance import distance
from powershare.design.evaluate import banzhaf_all_quotas, power_shares
from powershare.errors import InvalidInputError
from powershare.power.kernels.swings import swing_counts


def test_design_banzhaf_all_quotas_matches_kernel() -> None:
    rng = random.Random(7)
    for _ in range(150):
        weights = [rng.randint(0, 7) for _ in range(rng.randint(1, 8))]
        if sum(weights) == 0:
            continue
        table = banzhaf_all_quotas(weights)
        for q in range(1, sum(weights) + 1):
            assert [int(c) for c in table[q - 1]] == swing_counts(weights, q)


def test_design_banzhaf_all_quotas_beyond_int64() -> None:
    weights = [1, 2, 3] * 22  # 66 members: Python integers
    table = banzhaf_all_quotas(weights)
    q = sum(weights) // 2 + 1
    assert [int(c) for c in table[q - 1]] == swing_counts(weights, q)


@pytest.mark.parametrize("index", ["banzhaf", "shapley", "holler"])
def test_design_quota_curve_is_brute_force_optimum(index: str) -> None:
    weights = [7, 5, 4, 2, 1]
    target = proportional_target(weights)
    curve = distance_by_quota(weights, target, index=index, distance="l1")
    brute = {
        q: distance(power_shares(weights, q, index), target, "l1")
        for q in range(sum(weights) // 2 + 1, sum(weights) + 1)
    }
    best = min(brute, key=lambda q: (brute[q], q))
    assert curve.proven
    assert curve.best_quota == best
    assert curve.best_distance == pytest.approx(brute[best])
    assert list(curve.quotas) == sorted(brute)
    assert optimal_quota(weights, target, index=index, distance="l1")[0] == best


def test_design_quota_curve_grid_is_labelled_unproven() -> None:
    weights = [40, 30, 20, 10]
    curve = distance_by_quota(weights, equal_target(4), index="shapley", max_points=5)
    assert not curve.proven
    assert len(curve.quotas) >= 5
    d = curve.to_dict()
    assert d["proven_optimal"] is False and len(d["curve"]) == len(curve.quotas)


def test_design_quota_range_errors() -> None:
    with pytest.raises(InvalidInputError, match="holds no whole quota"):
        distance_by_quota([1, 1, 1], equal_target(3), quota_range=("90%", "95%"))
    with pytest.raises(InvalidInputError, match="target has 2 values for 3 members"):
        distance_by_quota([1, 1, 1], (0.5, 0.5))


def test_design_jagiellonian_quota_eu27() -> None:
    rows = read_rows("eu_council.csv")
    pop = [int(r["eurostat_population_2024_01_01"]) for r in rows]
    sqrt_w = [round(math.sqrt(p) / 10) for p in pop]
    curve = distance_by_quota(sqrt_w, square_root_target(pop))
    # the searched optimum lies within one point of the closed form (Slomczynski-Zyczkowski)
    assert abs(curve.best_share - jagiellonian_quota(sqrt_w)) < 0.01
    assert curve.best_distance < 0.0005  # 0.05 percentage points
    assert penrose_limit_quota(27) == pytest.approx(0.5 + 1 / math.sqrt(math.pi * 27))


def test_design_quota_pair_surface_double_majority() -> None:
    names = ["A", "B", "C", "D", "E"]
    pops = [50, 25, 12, 8, 5]
    surface = quota_pair_surface(
        [1] * 5,
        pops,
        square_root_target(pops),
        shares_a=["50%", "60%", "80%"],
        shares_b=["50%", "65%"],
        names=names,
    )
    assert surface.complete
    flat = [d for row in surface.distances for d in row]
    assert surface.best_distance == min(flat)
    assert len(surface.distances) == 3 and len(surface.distances[0]) == 2
