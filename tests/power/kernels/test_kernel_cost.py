"""The cost model: sane, cheap to evaluate, growing with the game."""

from __future__ import annotations

import time

import numpy as np
import pytest

from powershare.power.kernels import cost


def _game(n: int, top: int) -> tuple[list[int], int]:
    weights = [int(w) for w in np.random.default_rng(2024).integers(1, top + 1, size=n)]
    return weights, sum(weights) // 2 + 1


@pytest.mark.parametrize(
    "fn", [cost.estimate_swings, cost.estimate_pivots, cost.estimate_pivots_by_size]
)
def test_estimates_positive_and_growing(fn) -> None:  # type: ignore[no-untyped-def]
    small = fn(*_game(20, 10))
    large = fn(*_game(400, 1000))
    for seconds, nbytes in (small, large):
        assert 0 < seconds < 1e9 and nbytes > 0
    assert large[0] > small[0] and large[1] > small[1]


def test_estimates_are_cheap_for_huge_games() -> None:
    weights, quota = _game(20_000, 10_000)
    start = time.perf_counter()
    seconds, nbytes = cost.estimate_pivots(weights, quota)
    cost.estimate_swings(weights, quota)
    assert time.perf_counter() - start < 5
    assert seconds > 600 and nbytes > 4e9  # far beyond any default limit: refused up front


def test_trivial_games() -> None:
    assert cost.estimate_swings([5], 5)[0] > 0
    assert cost.estimate_pivots([0, 5], 5)[0] > 0
    assert cost.estimate_enumeration(10)[0] < cost.estimate_enumeration(20)[0]
    with pytest.raises(ValueError):
        cost.estimate_swings([1, 2], 9)
