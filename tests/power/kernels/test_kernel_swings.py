"""Banzhaf swing kernel: agreement with enumeration, hand cases, exactness at n = 200."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from powershare.power.kernels import enumeration as E
from powershare.power.kernels.swings import swing_counts


def test_hand_cases() -> None:
    assert swing_counts([4, 4, 4, 2, 2, 1], 12) == [10, 10, 10, 6, 6, 0]  # EEC 1958
    assert swing_counts([2, 1, 1], 3) == [3, 1, 1]
    assert swing_counts([2, 1, 1], 1) == [1, 1, 1]
    assert swing_counts([5, 1, 1], 5) == [4, 0, 0]
    assert swing_counts([0, 3], 3) == [0, 2]  # zero weight: dummy, doubles the others
    assert swing_counts([7], 7) == [1]


@pytest.mark.parametrize("bad", [([1, -1], 1), ([1, 2], 0), ([1, 2], 4), ([1.5, 2], 1)])
def test_rejects_bad_games(bad: tuple[list[float], int]) -> None:
    with pytest.raises(ValueError):
        swing_counts(*bad)  # type: ignore[arg-type]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.integers(0, 30), min_size=1, max_size=14))
def test_agrees_with_enumeration_every_quota(weights: list[int]) -> None:
    total = sum(weights)
    if total == 0:
        return
    hist = E.weighted_others_histograms(weights)
    for q in range(1, total + 1):
        expected = [int(hist[i][:, max(q - w, 0) : q].sum()) for i, w in enumerate(weights)]
        assert swing_counts(weights, q) == expected, q


def _winning_count_kronecker(weights: list[int], quota: int, slot: int) -> int:
    """Coalitions with weight >= quota, by Python-int Kronecker DP (independent of the kernel).

    ``X = prod (1 + 2^{slot w})`` packs the subset-sum counts in ``slot``-bit slots; the sum of
    the slots from ``quota`` up is ``(X >> slot*quota) mod (2^slot - 1)`` because that total is
    below ``2^slot - 1``.
    """
    x = 1
    for w in weights:
        x += x << (slot * w)
    return (x >> (slot * quota)) % ((1 << slot) - 1)


def test_exact_at_n200_against_independent_dp() -> None:
    rng = np.random.default_rng(7)
    weights = [int(v) for v in rng.integers(1, 1001, size=200)]
    weights[:3] = [997, 997, 997]  # equal weights
    quota = sum(weights) // 2 + 1
    swings = swing_counts(weights, quota)
    assert swings[0] == swings[1] == swings[2]
    assert max(swings).bit_length() > 150  # far beyond int64
    slot = 208
    for i in (0, 57, 199):
        others = weights[:i] + weights[i + 1 :]
        # swings_i = #{S: S+i wins} - #{S: S wins}  (S over the others; monotonicity)
        expected = _winning_count_kronecker(others, quota - weights[i], slot) - (
            _winning_count_kronecker(others, quota, slot)
        )
        assert swings[i] == expected


def test_complement_quota_symmetry() -> None:
    rng = np.random.default_rng(3)
    weights = [int(v) for v in rng.integers(0, 50, size=40)]
    total = sum(weights)
    for q in (1, 17, total // 3, total - 5, total):
        assert swing_counts(weights, q) == swing_counts(weights, total - q + 1)
