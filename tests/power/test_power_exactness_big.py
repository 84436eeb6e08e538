"""Exactness far beyond 64 bits, checked by an identity computed without the engine.

For a monotone game, member i's swings equal
``#{S not containing i: w(S) >= q - w_i} - #{S not containing i: w(S) >= q}``.
Both counts are taken here from the generating polynomial of the other members, built as one
Python integer (Kronecker substitution: coefficient s in bits [s*B, (s+1)*B)), with nothing
shared with powershare's kernels.
"""

import numpy as np

from powershare import WeightedGame, power

SLOT = 256  # bits per coefficient: counts are below 2^200


def _generating_int(weights: list[int]) -> int:
    poly = 1
    for w in weights:
        poly += poly << (w * SLOT)
    return poly


def _sum_slots(value: int, count: int) -> int:
    """Sum of the first ``count`` slots, by folding halves (sums stay below 2^SLOT)."""
    value &= (1 << (count * SLOT)) - 1
    while count > 1:
        half = count // 2
        value = (value & ((1 << (half * SLOT)) - 1)) + (value >> (half * SLOT))
        count -= half
    return value


def _at_least(poly: int, total_weight: int, threshold: int) -> int:
    """Number of coalitions of weight >= threshold (coefficients threshold..total_weight)."""
    high = poly >> (threshold * SLOT)
    return _sum_slots(high, total_weight - threshold + 1)


def test_two_hundred_members_exact() -> None:
    rng = np.random.default_rng(7)
    weights = [int(w) for w in rng.integers(1, 1001, size=200)]
    quota = sum(weights) // 2 + 1
    result = power(WeightedGame(quota, weights), "banzhaf_absolute")
    assert result.counts is not None
    assert max(result.counts) > 2**150  # far beyond int64
    for i in (0, int(np.argmax(weights)), int(np.argmin(weights))):
        others = weights[:i] + weights[i + 1 :]
        poly = _generating_int(others)
        total = sum(others)
        expected = _at_least(poly, total, quota - weights[i]) - _at_least(poly, total, quota)
        assert result.counts[i] == expected
    assert result.denominator == 2**199
