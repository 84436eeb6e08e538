"""Minimal winning coalitions per member without sizes, against the definition and the sized DP."""

import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from powershare.power import mwc
from powershare.power.kernels import mwc_members as kernel
from powershare.power.kernels.mwc_members import estimate_mwc_members, mwc_members


def _definition(weights: list[int], quota: int) -> tuple[list[int], int]:
    """Every coalition: winning, and losing without any one of its members."""
    n = len(weights)
    per, total = [0] * n, 0
    for mask in range(1 << n):
        members = [i for i in range(n) if mask >> i & 1]
        weight = sum(weights[i] for i in members)
        if weight >= quota and all(weight - weights[i] < quota for i in members):
            total += 1
            for i in members:
                per[i] += 1
    return per, total


def _from_sizes(weights: list[int], quota: int) -> tuple[list[int], int]:
    by_weight, _ = mwc.coalitions_by_size(weights, quota, "mwc")
    per = [sum(by_weight[w]) if w in by_weight else 0 for w in weights]
    return per, mwc.mwc_total(by_weight, weights)


@st.composite
def games(draw: st.DrawFn) -> tuple[list[int], int]:
    top = draw(st.sampled_from([2, 5, 30, 200]))
    weights = draw(st.lists(st.integers(0, top), min_size=1, max_size=12))
    if sum(weights) == 0:
        weights[0] = 1
    return weights, draw(st.integers(1, sum(weights)))


@settings(max_examples=400, deadline=None)
@given(games())
def test_matches_the_definition(game: tuple[list[int], int]) -> None:
    weights, quota = game
    assert mwc_members(weights, quota) == _definition(weights, quota)


def test_eec_council_1958() -> None:
    # [12; 4, 4, 4, 2, 2, 1]: {F, G, I} and the three {two large, B, N}; Luxembourg in none
    assert mwc_members([4, 4, 4, 2, 2, 1], 12) == ([3, 3, 3, 3, 3, 0], 4)


def test_large_weights_are_reduced_first() -> None:
    # a member above the quota wins alone: the same game as weight = quota
    assert mwc_members([10**30, 1, 1], 2) == _definition([2, 1, 1], 2)


def test_large_quotas_take_smaller_primes() -> None:
    """Quotas near 2^21: the primes shrink so that the reads' sums stay below 2^63."""
    rng = random.Random(4)
    for _ in range(3):
        weights = [rng.randint(1, 2**19) for _ in range(11)]
        quota = sum(weights) // 2 + 1
        assert mwc_members(weights, quota) == _definition(weights, quota)


def test_beyond_64_bits_matches_the_sized_dp() -> None:
    rng = random.Random(5)
    weights = [rng.randint(1, 25) for _ in range(110)]
    quota = sum(weights) // 2 + 1
    per, total = mwc_members(weights, quota)
    assert (per, total) == _from_sizes(weights, quota)
    assert total > 2**64


def test_many_equal_members_take_the_lazy_reductions() -> None:
    """Classes of more members than doublings fit between reductions, and a class's read of
    ``P_k - P_(k-1)`` from a copy of the rows (several chunks)."""
    weights = [3] * 40 + [2] * 30 + [1] * 25 + [7] * 5
    quota = sum(weights) * 2 // 3
    assert mwc_members(weights, quota) == _from_sizes(weights, quota)


def test_small_gathers_give_the_same_counts(monkeypatch: pytest.MonkeyPatch) -> None:
    rng = random.Random(8)
    weights = [rng.randint(1, 40) for _ in range(45)] + [5] * 6
    quota = sum(weights) // 2 + 1
    expected = mwc_members(weights, quota)
    monkeypatch.setattr(kernel, "_GATHER", 64)
    assert mwc_members(weights, quota) == expected == _from_sizes(weights, quota)


def test_two_threads_give_the_same_counts(monkeypatch: pytest.MonkeyPatch) -> None:
    rng = random.Random(9)
    weights = [rng.randint(1, 30) for _ in range(130)]
    quota = sum(weights) // 2 + 1
    expected = mwc_members(weights, quota)
    monkeypatch.setattr(kernel, "threads_for", lambda cells, primes: 2)
    assert mwc_members(weights, quota) == expected


def test_bad_input_is_refused() -> None:
    with pytest.raises(ValueError, match="quota"):
        mwc_members([1, 2], 4)
    with pytest.raises(ValueError, match="nonnegative"):
        mwc_members([1, -2], 1)


def test_estimate_grows_with_the_game() -> None:
    small = estimate_mwc_members([3, 2, 2], 4)
    rng = random.Random(1)
    weights = [rng.randint(1, 1000) for _ in range(200)]
    big = estimate_mwc_members(weights, sum(weights) // 2 + 1)
    assert 0 < small[0] < big[0] and 0 < small[1] < big[1]
