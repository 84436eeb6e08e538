"""Compiled Banzhaf swing kernel: enumeration, the numpy/GMP kernel, primes, registry, cost."""

from __future__ import annotations

import math
import time
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from powershare.games.weighted import WeightedGame
from powershare.power import power, registry
from powershare.power.kernels import enumeration as E
from powershare.power.kernels import swings_jit
from powershare.power.kernels._game import prepare, prepare_equivalent
from powershare.power.kernels.cost import estimate_swings
from powershare.power.kernels.swings import swing_counts
from powershare.power.kernels.swings_fast import (
    estimate_fast_swings,
    fast_swing_counts,
    primes_for_fast_swings,
    threads_for_fast_swings,
)

pytest.importorskip("numba")


def _random_game(n: int, top: int, seed: int) -> list[int]:
    return [int(w) for w in np.random.default_rng(seed).integers(1, top + 1, size=n)]


def test_hand_cases() -> None:
    assert fast_swing_counts([4, 4, 4, 2, 2, 1], 12) == [10, 10, 10, 6, 6, 0]
    assert fast_swing_counts([2, 1, 1], 3) == [3, 1, 1]
    assert fast_swing_counts([5, 1, 1], 5) == [4, 0, 0]  # a dictator
    assert fast_swing_counts([0, 3], 3) == [0, 2]
    assert fast_swing_counts([7], 7) == [1]
    assert fast_swing_counts([40, 30, 20, 17], 50) == swing_counts([40, 30, 20, 17], 50)


@settings(max_examples=40, deadline=None)
@given(st.lists(st.integers(0, 60), min_size=1, max_size=12), st.data())
def test_agrees_with_enumeration(weights: list[int], data: st.DataObject) -> None:
    total = sum(weights)
    if total == 0:
        return
    quotas = {1, total, total // 2 + 1, data.draw(st.integers(1, total))}
    for quota in sorted(quotas):
        assert fast_swing_counts(weights, quota) == E.weighted_swing_counts(weights, quota)


@pytest.mark.parametrize(("n", "top"), [(60, 10**4), (121, 10**5), (200, 3000), (200, 10**5)])
def test_agrees_with_the_existing_kernel(n: int, top: int) -> None:
    weights = _random_game(n, top, n + top)
    weights[:3] = [0, top, top]  # a zero, two equal weights
    total = sum(weights)
    for quota in (total // 2 + 1, total // 3, total - 9):
        got = fast_swing_counts(weights, quota)
        assert got == swing_counts(weights, quota), quota
        assert got[0] == 0 and got[1] == got[2]
        if quota == total // 2 + 1:  # counts beyond one or several primes
            assert max(got) > 2 ** (n // 2)


def test_short_weights_pairs_and_an_odd_member_out() -> None:
    # weights below 16 take the plain loop; an odd count leaves one member without a pair
    for weights in ([1, 2, 3, 15, 16, 17, 40, 41, 4096, 5000, 9000], [16] * 7, [3] * 9):
        total = sum(weights)
        for quota in range(1, total + 1, max(1, total // 37)):
            assert fast_swing_counts(weights, quota) == swing_counts(weights, quota)


def test_primes_cover_every_count() -> None:
    for m in (1, 62, 63, 200, 1000):
        primes = primes_for_fast_swings(prepare([1] * m, (m + 1) // 2))
        product = math.prod(primes)
        assert product > 2**m and product // primes[-1] <= 2**m  # the fewest
        assert all(2**29 < p < 2**30 for p in primes)  # four residues sum below 2^32
    assert len(primes_for_fast_swings(prepare([1] * 1000, 500))) == 34
    assert len(primes_for_fast_swings(prepare([1] * 200, 100))) == 7


def test_threads_give_the_same_counts(monkeypatch: pytest.MonkeyPatch) -> None:
    weights = _random_game(200, 10**5, 5)
    quota = sum(weights) // 2 + 1
    game = prepare_equivalent(weights, quota)
    monkeypatch.setenv("POWERSHARE_WORKERS", "1")
    assert threads_for_fast_swings(game, 4) == 1
    one = fast_swing_counts(weights, quota)
    monkeypatch.setenv("POWERSHARE_WORKERS", "2")
    assert threads_for_fast_swings(game, 4) == 2
    assert fast_swing_counts(weights, quota) == one


def test_registered_and_chosen_by_auto_for_wide_weights() -> None:
    method = registry.get("compiled-subset-sum")
    assert method.exact and sorted(method.quantities) == ["swings"]
    fast_swing_counts([1, 2, 3], 4)  # loaded: the estimate charges no loading any more
    for small in (WeightedGame(3, [2, 1, 1]), WeightedGame(21, [1] * 40)):
        assert power(small, "banzhaf").method != method.name
    weights = [int(w) for w in np.random.default_rng(2024).integers(1, 10**5 + 1, size=200)]
    wide = WeightedGame(sum(weights) // 2 + 1, weights)  # the benchmark's n=200, 10^5 game
    chosen, _ = registry.choose(wide, "swings")
    assert chosen.name == method.name
    result = power(WeightedGame(12, [4, 4, 4, 2, 2, 1]), "banzhaf", method=method.name)
    assert result.exact == tuple(Fraction(c, 42) for c in (10, 10, 10, 6, 6, 0))


def test_steps_aside_without_numba(monkeypatch: pytest.MonkeyPatch) -> None:
    method = registry.get("compiled-subset-sum")
    monkeypatch.setattr(swings_jit, "available", lambda: False)
    reason = method.requires(WeightedGame(3, [2, 1, 1]), "swings")
    assert reason is not None and "pip install 'powershare[fast]'" in reason


def test_the_loops_run_as_plain_python_without_numba(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(swings_jit, "available", lambda: False)
    weights = [5, 4, 4, 3, 2, 2, 1, 0, 7, 20, 33, 18]
    for quota in (1, 9, 14, 27, 50, 99):
        assert fast_swing_counts(weights, quota) == E.weighted_swing_counts(weights, quota)


@pytest.mark.parametrize(("n", "top"), [(200, 10**4), (200, 10**5), (1000, 100)])
def test_estimate_is_within_a_factor_3_of_the_measured_time(n: int, top: int) -> None:
    weights = _random_game(n, top, 7)
    quota = sum(weights) // 2 + 1
    fast_swing_counts([1, 2, 3], 4)  # loads the compiled loops: the estimate no longer charges it
    measured = math.inf
    for _ in range(3):  # the least of three: a busy second core only ever adds time
        start = time.perf_counter()
        fast_swing_counts(weights, quota)
        measured = min(measured, time.perf_counter() - start)
    estimate, nbytes = estimate_fast_swings(weights, quota)
    assert estimate / 3 < measured + 0.01 < 3 * estimate
    assert nbytes > 8 * prepare_equivalent(weights, quota).q
    if top == 10**5:  # where the compiled kernel is meant to win, its estimate says so
        assert estimate < estimate_swings(weights, quota)[0] / 2


@st.composite
def _mixed_games(draw: st.DrawFn) -> tuple[list[int], int]:
    """Tiny weights (plain loop), pairs of run-sized weights, an odd member out, zeros,
    weights at or above the quota, and quotas below the pairs' sums."""
    small = draw(st.lists(st.integers(0, 15), max_size=5))
    large = draw(st.lists(st.integers(16, 300), min_size=1, max_size=9))
    weights = draw(st.permutations(small + large))
    total = sum(weights)
    quota = draw(st.integers(1, total))
    if draw(st.booleans()):  # a member at or above the quota
        weights = [*weights, draw(st.integers(quota, quota + 50))]
    return weights, quota


@settings(max_examples=60, deadline=None)
@given(_mixed_games())
def test_pairs_runs_and_prefix_paths_agree_with_enumeration(game: tuple[list[int], int]) -> None:
    weights, quota = game
    assert fast_swing_counts(weights, quota) == E.weighted_swing_counts(weights, quota)


def test_sparse_and_dense_prefix_sums_agree(monkeypatch: pytest.MonkeyPatch) -> None:
    # few alternating-sum terms (weights near the quota): block sums; many: a full pass
    weights = _random_game(13, 4000, 3)
    total = sum(weights)
    quotas = (total // 2 + 1, total // 3, total - 9)
    game = prepare_equivalent(weights, quotas[0])
    terms = sum((game.q - 1) // w + 1 for w, _ in game.classes)
    assert swings_jit.DENSE * terms < game.q  # the block sums are used
    sparse = [fast_swing_counts(weights, quota) for quota in quotas]
    assert sparse == [swing_counts(weights, quota) for quota in quotas]
    monkeypatch.setattr(swings_jit, "available", lambda: False)  # the plain loops, as written
    assert [fast_swing_counts(weights, quota) for quota in quotas] == sparse
    monkeypatch.setattr(swings_jit, "DENSE", 10**9)  # (read at call time: a full pass)
    assert [fast_swing_counts(weights, quota) for quota in quotas] == sparse
