"""The one primality test and prime chain of the multi-modular kernels
(:func:`powershare.power.kernels.pivots.is_prime`, ``largest_primes_below``), checked against
GMP's ``is_prime`` and ``prev_prime`` (an independent implementation)."""

from __future__ import annotations

import gmpy2
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from powershare.power.kernels.pivots import is_prime, largest_primes_below
from powershare.power.kernels.swings_fast import primes_below_2_30


def _gmp_chain(bits: int, count: int) -> tuple[int, ...]:
    out, p = [], gmpy2.mpz(1) << bits
    for _ in range(count):
        p = gmpy2.prev_prime(p)
        out.append(int(p))
    return tuple(out)


@pytest.mark.parametrize(
    ("bits", "count"), [(8, 5), (16, 40), (30, 40), (49, 30), (56, 30), (62, 30), (63, 30), (64, 5)]
)
def test_chains_are_gmps(bits: int, count: int) -> None:
    assert largest_primes_below(bits, count) == _gmp_chain(bits, count)


def test_primes_below_2_30() -> None:
    assert primes_below_2_30(40) == _gmp_chain(30, 40)


def test_small_numbers_and_strong_pseudoprimes() -> None:
    assert [n for n in range(20_000) if is_prime(n)] == [
        n for n in range(20_000) if gmpy2.is_prime(n)
    ]
    # strong pseudoprimes to the first bases (3215031751: bases 2, 3, 5, 7; 3825123056546413051:
    # bases 2..23) and a Mersenne prime
    assert not is_prime(3215031751) and not is_prime(3825123056546413051)
    assert is_prime(2**61 - 1)


@settings(max_examples=300, deadline=None)
@given(st.integers(2, 2**64))
def test_agrees_with_gmp_below_2_64(n: int) -> None:
    assert is_prime(n) == bool(gmpy2.is_prime(n))


def test_bad_bits_and_counts_are_refused() -> None:
    with pytest.raises(ValueError, match="bits=70"):
        largest_primes_below(70, 1)
    with pytest.raises(ValueError, match="fewer than 10 primes below 2\\^3"):
        largest_primes_below(3, 10)
