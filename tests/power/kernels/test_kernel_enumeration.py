"""The brute-force reference on hand-checked cases and generic (non-weighted) rules."""

from __future__ import annotations

from math import factorial

import numpy as np
import numpy.typing as npt
import pytest

from powershare.power.kernels import enumeration as E


def test_eec_1958_swings_and_pivots() -> None:
    # EEC Council of Ministers 1958, [12; 4,4,4,2,2,1] (Felsenthal & Machover 1998, sec. 2.3):
    # raw swings 10,10,10,6,6,0 (normalised Banzhaf 5/21,5/21,5/21,3/21,3/21,0);
    # Shapley-Shubik 14/60,14/60,14/60,9/60,9/60,0 -> pivots out of 6! = 720.
    w, q = [4, 4, 4, 2, 2, 1], 12
    assert E.weighted_swing_counts(w, q) == [10, 10, 10, 6, 6, 0]
    assert E.weighted_pivot_counts(w, q) == [168, 168, 168, 108, 108, 0]


def test_small_hand_cases() -> None:
    # [3; 2,1,1]: the 2 swings with {1}, {1'}, {1,1'}; each 1 only with {2}
    assert E.weighted_swing_counts([2, 1, 1], 3) == [3, 1, 1]
    assert E.weighted_pivot_counts_by_size([2, 1, 1], 3) == [[0, 2, 1], [0, 1, 0], [0, 1, 0]]
    assert E.weighted_pivot_counts([2, 1, 1], 3) == [4, 1, 1]
    # dictator and dummies
    assert E.weighted_swing_counts([5, 1, 1], 5) == [4, 0, 0]
    assert E.weighted_pivot_counts([5, 1, 1], 5) == [6, 0, 0]
    # unanimity: everyone swings exactly once (with all others)
    assert E.weighted_swing_counts([1, 1, 1, 1], 4) == [1, 1, 1, 1]


def test_generic_rule_double_majority() -> None:
    # a compound rule: at least 2 of 3 members AND weight >= 5 of [4, 2, 1]
    weights = np.array([4, 2, 1])

    def is_winning(masks: npt.NDArray[np.int64]) -> npt.NDArray[np.bool_]:
        bits = (masks[:, None] >> np.arange(3)) & 1
        return (bits.sum(axis=1) >= 2) & ((bits * weights).sum(axis=1) >= 5)

    # winning: {4,2}, {4,1}, {4,2,1}; 4 swings with {2}, {1}, {2,1}; 2 with {4}; 1 with {4}
    assert E.enumerate_swings(3, is_winning) == [3, 1, 1]
    assert E.enumerate_pivots_by_size(3, is_winning) == [[0, 2, 1], [0, 1, 0], [0, 1, 0]]
    assert sum(E.enumerate_pivots(3, is_winning)) == factorial(3)


def test_histograms_match_direct_counts() -> None:
    w = [3, 0, 2, 2, 5]
    hist = E.weighted_others_histograms(w)
    for q in range(1, sum(w) + 1):
        by_size = E.weighted_pivot_counts_by_size(w, q)
        for i, wi in enumerate(w):
            window = hist[i][:, max(q - wi, 0) : q].sum(axis=1)
            assert [int(c) for c in window] == by_size[i]


def test_bad_inputs() -> None:
    with pytest.raises(ValueError):
        E.enumerate_swings(31, lambda m: m > 0)
    with pytest.raises(ValueError):
        E.enumerate_swings(2, lambda m: np.array([True]))
    with pytest.raises(ValueError):
        E.weighted_is_winning([1, -1], 1)
    assert E.enumerate_swings(0, lambda m: m >= 0) == []
