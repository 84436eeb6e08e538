"""The two swing kernels (GMP product tree, multi-modular DP) against enumeration and each other."""

import random

from hypothesis import given, settings
from hypothesis import strategies as st

from powershare.power.kernels._game import prepare
from powershare.power.kernels.enumeration import weighted_swing_counts
from powershare.power.kernels.swings import swing_counts_by_class
from powershare.power.kernels.swings_modular import (
    primes_for_swings,
    swing_counts_by_class_modular,
)


def _per_member(weights: list[int], by_class: dict[int, int]) -> list[int]:
    return [by_class[w] if w > 0 else 0 for w in weights]


@st.composite
def games(draw: st.DrawFn) -> tuple[list[int], int]:
    weights = draw(st.lists(st.integers(0, 30), min_size=1, max_size=14))
    if sum(weights) == 0:
        weights[0] = 1
    return weights, draw(st.integers(1, sum(weights)))


@settings(max_examples=300, deadline=None)
@given(games())
def test_both_kernels_match_enumeration(game: tuple[list[int], int]) -> None:
    weights, quota = game
    prepared = prepare(weights, quota)
    expected = weighted_swing_counts(weights, quota)
    assert _per_member(weights, swing_counts_by_class_modular(prepared)) == expected
    assert _per_member(weights, swing_counts_by_class(prepared)) == expected


def test_large_quota_uses_the_block_sums() -> None:
    """Effective quotas of 2^17 and more take the overflow-safe block path."""
    rng = random.Random(3)
    for _ in range(5):
        weights = [rng.randint(1, 60_000) for _ in range(12)]
        quota = sum(weights) // 2 + 1
        prepared = prepare(weights, quota)
        assert prepared.q >= 2**17
        expected = weighted_swing_counts(weights, quota)
        assert _per_member(weights, swing_counts_by_class_modular(prepared)) == expected


def test_kernels_agree_beyond_64_bits() -> None:
    rng = random.Random(11)
    weights = [rng.randint(1, 300) for _ in range(300)]
    prepared = prepare(weights, sum(weights) // 2 + 1)
    modular = swing_counts_by_class_modular(prepared)
    assert modular == swing_counts_by_class(prepared)
    assert max(modular.values()) > 2**250
    assert len(primes_for_swings(prepared)) >= 300 // 55
