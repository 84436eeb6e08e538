"""Shapley-Shubik kernel: agreement with enumeration, hand cases, identities at larger n."""

from __future__ import annotations

from math import factorial

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from powershare.power.kernels import enumeration as E
from powershare.power.kernels.pivots import pivot_counts, pivot_counts_by_size, plan
from powershare.power.kernels.swings import swing_counts


def test_hand_cases() -> None:
    assert pivot_counts([4, 4, 4, 2, 2, 1], 12) == [168, 168, 168, 108, 108, 0]  # EEC 1958
    assert pivot_counts([2, 1, 1], 3) == [4, 1, 1]
    assert pivot_counts_by_size([2, 1, 1], 3) == [[0, 2, 1], [0, 1, 0], [0, 1, 0]]
    assert pivot_counts([5, 1, 1], 5) == [6, 0, 0]
    assert pivot_counts([1, 1, 1], 2) == [2, 2, 2]
    assert pivot_counts([0, 3], 3) == [0, 2]
    assert pivot_counts_by_size([0, 3], 3) == [[0, 0], [1, 1]]


@settings(max_examples=40, deadline=None)
@given(st.lists(st.integers(0, 30), min_size=1, max_size=14))
def test_by_size_agrees_with_enumeration_every_quota(weights: list[int]) -> None:
    total = sum(weights)
    if total == 0:
        return
    n = len(weights)
    hist = E.weighted_others_histograms(weights)
    coef = [factorial(k) * factorial(n - 1 - k) for k in range(n)]
    for q in range(1, total + 1):
        expected = [
            [int(c) for c in hist[i][:, max(q - w, 0) : q].sum(axis=1)]
            for i, w in enumerate(weights)
        ]
        assert pivot_counts_by_size(weights, q) == expected, q
        pivots = [sum(a * c for a, c in zip(coef, row, strict=True)) for row in expected]
        assert pivot_counts(weights, q) == pivots, q


def test_identities_at_n120() -> None:
    # several primes (counts ~ 2^116): efficiency, symmetry, swings = sum over sizes
    rng = np.random.default_rng(11)
    weights = [int(v) for v in rng.integers(0, 1001, size=120)]
    weights[:4] = [500, 500, 500, 0]
    quota = (2 * sum(weights)) // 3
    assert len(plan(weights, quota).primes) >= 2
    pivots = pivot_counts(weights, quota)
    assert sum(pivots) == factorial(len(weights))
    assert pivots[0] == pivots[1] == pivots[2]
    assert pivots[3] == 0
    by_size = pivot_counts_by_size(weights, quota)
    assert [sum(row) for row in by_size] == swing_counts(weights, quota)


def test_complement_quota_symmetry() -> None:
    rng = np.random.default_rng(5)
    weights = [int(v) for v in rng.integers(0, 40, size=30)]
    total = sum(weights)
    for q in (1, 40, total // 2, total - 3):
        by_size = pivot_counts_by_size(weights, q)
        mirrored = pivot_counts_by_size(weights, total - q + 1)
        assert by_size == [row[::-1] for row in mirrored]
