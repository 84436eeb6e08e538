"""Compiled Shapley-Shubik kernel: enumeration, the numpy kernel, plan choice, cost model."""

from __future__ import annotations

import time
from fractions import Fraction
from math import factorial

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from powershare.games.weighted import WeightedGame
from powershare.power import power, registry
from powershare.power.kernels import cost, pivots_jit
from powershare.power.kernels import enumeration as E
from powershare.power.kernels._game import prepare_equivalent
from powershare.power.kernels.pivots import pivot_counts, pivot_counts_by_size
from powershare.power.kernels.pivots_fast import (
    FastPlan,
    fast_counts_by_size,
    fast_pivot_counts,
    primes_below_2_63,
)

pytest.importorskip("numba")


def _random_game(n: int, top: int, seed: int) -> list[int]:
    return [int(w) for w in np.random.default_rng(seed).integers(1, top + 1, size=n)]


def test_hand_cases() -> None:
    assert fast_pivot_counts([4, 4, 4, 2, 2, 1], 12) == [168, 168, 168, 108, 108, 0]
    assert fast_counts_by_size([2, 1, 1], 3) == [[0, 2, 1], [0, 1, 0], [0, 1, 0]]
    assert fast_pivot_counts([5, 1, 1], 5) == [6, 0, 0]
    assert fast_pivot_counts([0, 3], 3) == [0, 2]
    assert fast_counts_by_size([0, 3], 3) == [[0, 0], [1, 1]]
    assert fast_pivot_counts([7], 7) == [1]


@settings(max_examples=30, deadline=None)
@given(st.lists(st.integers(0, 30), min_size=1, max_size=11), st.data())
def test_agrees_with_enumeration(weights: list[int], data: st.DataObject) -> None:
    total = sum(weights)
    if total == 0:
        return
    quotas = {1, total, total // 2 + 1, data.draw(st.integers(1, total))}
    for quota in sorted(quotas):
        by_size = E.weighted_pivot_counts_by_size(weights, quota)
        assert fast_counts_by_size(weights, quota) == by_size, quota
        assert fast_pivot_counts(weights, quota) == E.weighted_pivot_counts(weights, quota)


@pytest.mark.parametrize("n", [60, 90, 120])
def test_agrees_with_the_numpy_kernel(n: int) -> None:
    weights = _random_game(n, 200, n)
    weights[:3] = [0, 150, 150]
    total = sum(weights)
    shapes = set()
    for quota in (total // 2 + 1, total // 3, (2 * total) // 3, total - 5):
        plan = FastPlan(prepare_equivalent(weights, quota))
        shapes.add(len(plan.sides))
        assert fast_counts_by_size(weights, quota) == pivot_counts_by_size(weights, quota)
        pivots = fast_pivot_counts(weights, quota)
        assert pivots == pivot_counts(weights, quota)
        assert sum(pivots) == factorial(n) and pivots[0] == 0 and pivots[1] == pivots[2]
    assert shapes == {1, 2}  # both the one-quota table and the complemented halves ran


@pytest.mark.parametrize("extra", [0, 1])  # the total weight odd, then even
def test_halves_with_equal_and_different_quotas(extra: int) -> None:
    weights = [*_random_game(41, 6, 9), extra]
    total = sum(weights)
    shapes = set()
    for quota in range(total // 2 - 1, total // 2 + 3):
        plan = FastPlan(prepare_equivalent(weights, quota))
        shapes.add(len({q for q, _ in plan.sides}))
        assert fast_counts_by_size(weights, quota) == pivot_counts_by_size(weights, quota)
    # q = q* (one set of windows serves both halves) happens only for an odd total
    assert shapes == ({1, 2} if total % 2 else {2})


def test_complemented_halves_for_a_majority() -> None:
    weights = _random_game(400, 100, 2025)
    plan = FastPlan(prepare_equivalent(weights, sum(weights) // 2 + 1))
    assert len(plan.sides) == 2 and plan.rows <= 200
    assert plan.bound < np.prod([float(p) for p in plan.primes])
    assert len(plan.primes) <= plan.prime_count <= len(plan.primes) + 1


def test_primes() -> None:
    primes = primes_below_2_63(3)
    assert all(2**62 < p < 2**63 for p in primes) and primes == tuple(sorted(primes)[::-1])


def test_threads_give_the_same_counts(monkeypatch: pytest.MonkeyPatch) -> None:
    weights = _random_game(160, 1000, 3)
    quota = sum(weights) // 2 + 1
    plan = FastPlan(prepare_equivalent(weights, quota))
    monkeypatch.setenv("POWERSHARE_WORKERS", "1")
    assert plan.threads() == 1
    one = fast_pivot_counts(weights, quota)
    monkeypatch.setenv("POWERSHARE_WORKERS", "2")
    assert plan.threads() == 2
    assert fast_pivot_counts(weights, quota) == one
    assert sum(one) == factorial(160)


def test_registered_and_chosen_by_auto_for_large_bodies() -> None:
    method = registry.get("compiled-generating-function")
    assert method.exact and sorted(method.quantities) == ["pivots"]
    small = WeightedGame(3, [2, 1, 1])
    assert power(small, "shapley").method != "compiled-generating-function"
    weights = _random_game(600, 100, 1)
    large = WeightedGame(sum(weights) // 2 + 1, weights)
    chosen, _ = registry.choose(large, "pivots")
    assert chosen.name == "compiled-generating-function"
    result = power(WeightedGame(12, [4, 4, 4, 2, 2, 1]), "shapley", method=method.name)
    assert result.exact == tuple(Fraction(c, 720) for c in (168, 168, 168, 108, 108, 0))


def test_estimate_is_within_a_factor_3_of_the_measured_time() -> None:
    weights = _random_game(300, 100, 7)
    quota = sum(weights) // 2 + 1
    fast_pivot_counts(weights[:20], sum(weights[:20]) // 2)  # loads the compiled loops
    start = time.perf_counter()
    fast_pivot_counts(weights, quota)
    measured = time.perf_counter() - start
    estimate, nbytes = cost.estimate_fast_pivots(weights, quota)
    loading = 1.0  # the estimate's charge for importing numba and loading the loops
    assert (estimate - loading) / 3 < measured + 0.05 < 3 * estimate
    assert nbytes > 8 * FastPlan(prepare_equivalent(weights, quota)).cols


def test_the_loops_run_as_plain_python_without_numba(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pivots_jit, "available", lambda: False)
    weights = [5, 4, 4, 3, 2, 2, 1, 0, 7]
    for quota in (1, 9, 14, 27):
        assert fast_counts_by_size(weights, quota) == pivot_counts_by_size(weights, quota)


@pytest.mark.parametrize(("block", "tile"), [(2, 1), (3, 5), (8, 16), (32, 0)])
def test_every_blocking_gives_the_same_residues(block: int, tile: int) -> None:
    weights = np.array(sorted(_random_game(70, 12, 4), reverse=True), dtype=np.int64)
    pfx = np.concatenate(([0], np.cumsum(weights))).astype(np.int64)
    cols, rows, p = int(weights.sum()) // 2, 35, primes_below_2_63(1)[0]
    sides = [(cols, np.arange(1, 13, dtype=np.int64)), (cols - 7, np.array([3], dtype=np.int64))]
    reference = pivots_jit.residues_for_prime(weights, pfx, rows, cols, p, (1, 0), sides)
    got = pivots_jit.residues_for_prime(weights, pfx, rows, cols, p, (block, tile), sides)
    assert all((a == b).all() for a, b in zip(got, reference, strict=True))
