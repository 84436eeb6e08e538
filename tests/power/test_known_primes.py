"""The primes the multi-modular kernels use: the shipped table (no GMP import on start-up)
equals GMP's chain of ``prev_prime`` below ``2^56`` and ``2^63``, and counts past the table
continue the same chain."""

from __future__ import annotations

import gmpy2
import pytest

from powershare.power.kernels.pivots import _is_prime_below_2_32, largest_primes_below
from powershare.power.kernels.swings_fast import primes_below_2_30


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


@pytest.mark.parametrize("bits", [16, 30, 32])
def test_below_2_32_by_the_three_base_test(bits: int) -> None:
    assert largest_primes_below(bits, 40) == _gmp_chain(bits, 40)


def test_other_bit_sizes_are_computed() -> None:
    assert largest_primes_below(8, 3) == (251, 241, 239)
    assert largest_primes_below(31, 2) == _gmp_chain(31, 2)


def test_primes_below_2_30_are_gmps() -> None:
    p, expected = gmpy2.mpz(2**30), []
    for _ in range(40):
        p = gmpy2.prev_prime(p)
        expected.append(int(p))
    assert primes_below_2_30(40) == tuple(expected)
    # the test itself against composites and primes of every size it may meet
    small = [n for n in range(63, 20_000, 2) if _is_prime_below_2_32(n)]
    assert small == [n for n in range(63, 20_000, 2) if gmpy2.is_prime(n)]
    assert not _is_prime_below_2_32(3215031751)  # strong pseudoprime to bases 2, 3, 5 and 7
