"""The primes the multi-modular kernels use: the shipped table (no GMP import on start-up)
equals GMP's chain of ``prev_prime`` below ``2^56`` and ``2^63``, and counts past the table
continue the same chain."""

from __future__ import annotations

import gmpy2
import pytest

from powershare.power.kernels.pivots import largest_primes_below


def _gmp_chain(bits: int, count: int) -> tuple[int, ...]:
    out, p = [], gmpy2.mpz(1) << bits
    for _ in range(count):
        p = gmpy2.prev_prime(p)
        out.append(int(p))
    return tuple(out)


@pytest.mark.parametrize("bits", [56, 63])
def test_table_and_its_continuation_are_gmps_primes(bits: int) -> None:
    largest_primes_below.cache_clear()
    expected = _gmp_chain(bits, 30)  # the table holds 24: six more are computed
    assert largest_primes_below(bits, 30) == expected
    assert largest_primes_below(bits, 3) == expected[:3]
    assert all(gmpy2.is_prime(p) for p in expected)


def test_other_bit_sizes_are_computed() -> None:
    assert largest_primes_below(8, 3) == (251, 241, 239)
    assert largest_primes_below(31, 2) == _gmp_chain(31, 2)
