"""Each method on small examples worked by hand (Pukelsheim 2017, ch. 3)."""

from __future__ import annotations

from fractions import Fraction

import pytest

from powershare.apportion import (
    CustomDivisor,
    HuntingtonHill,
    ModifiedSainteLague,
    apportion,
    get_method,
)
from powershare.errors import InvalidInputError

VOTES = {"A": 100_000, "B": 80_000, "C": 30_000, "D": 20_000}


@pytest.mark.parametrize(
    ("method", "expected"),
    [
        ("dhondt", (4, 3, 1, 0)),
        ("sainte-lague", (3, 3, 1, 1)),
        ("hare", (3, 3, 1, 1)),
        ("droop", (4, 3, 1, 0)),
        ("adams", (3, 3, 1, 1)),
        ("huntington-hill", (3, 3, 1, 1)),
        ("dean", (3, 3, 1, 1)),
        ("danish", (3, 3, 1, 1)),
    ],
)
def test_textbook_example(method: str, expected: tuple[int, ...]) -> None:
    # Worked by hand: D'Hondt quotients 100k,80k,50k,40k,33.3k,30k,26.7k,25k -> 4,3,1,0.
    assert apportion(VOTES, 8, method).seats == expected


def test_dhondt_favours_large_adams_small() -> None:
    # D'Hondt: 9100/10 = 910 > 900, so big takes all 10.  Adams: d(0) = 0 gives everyone
    # a first seat, then big takes the rest (9100/k > 900 for k <= 10).
    votes = {"big": 9_100, "mid": 900, "small": 100}
    assert apportion(votes, 10, "dhondt").seats == (10, 0, 0)
    assert apportion(votes, 10, "adams").seats == (8, 1, 1)


def test_modified_sainte_lague_first_divisor() -> None:
    votes = {"A": 700, "B": 290, "C": 10}
    # Divisors 1.4, 3, 5: B's first quotient 290/1.4 = 207.1 < A's 700/3 = 233.3.
    plain = apportion(votes, 3, "sainte-lague").seats
    modified = apportion(votes, 3, "modified-sainte-lague").seats
    assert plain == (2, 1, 0)
    assert modified == (2, 1, 0)
    assert apportion({"A": 700, "B": 320}, 3, "modified-sainte-lague").seats == (2, 1)
    assert apportion({"A": 700, "B": 320}, 3, ModifiedSainteLague("2.5")).seats == (3, 0)
    assert apportion(votes, 3, "modified-sainte-lague", first_divisor=1).seats == plain


def test_custom_divisor_matches_dhondt() -> None:
    dhondt = CustomDivisor(lambda s: s + 1, name="my-dhondt")
    assert apportion(VOTES, 8, dhondt).seats == (4, 3, 1, 0)
    finite = CustomDivisor([1, 2, 3, 4, 5, 6, 7, 8])
    assert apportion(VOTES, 8, finite).seats == (4, 3, 1, 0)
    assert apportion(VOTES, 8, finite).method == "custom-divisor"


def test_custom_divisor_errors() -> None:
    with pytest.raises(InvalidInputError, match="strictly increasing"):
        CustomDivisor([1, 1, 2])
    with pytest.raises(InvalidInputError, match="d\\(0\\) >= 0"):
        CustomDivisor([-1, 2])
    with pytest.raises(InvalidInputError, match="has 2 entries"):
        apportion(VOTES, 8, CustomDivisor([1, 2]))


def test_huntington_hill_compared_exactly() -> None:
    # 2 seats vs 1 seat: priorities a/sqrt(2) and b/sqrt(6) are equal when a^2*6 == b^2*2,
    # e.g. a = 1, b = sqrt(3) -- impossible with integers, but 3*a^2 == b^2 has no
    # integer solution either, so use an exact-square design: a/sqrt(2) vs b/sqrt(2)
    # (both at 1 seat) with a == b is an exact tie, and a floating near-tie must not be one.
    tie = apportion({"A": 1_000_001, "B": 1_000_001}, 3, HuntingtonHill())
    assert not tie.complete and tie.ties[0].units == ("A", "B")
    near = apportion({"A": 1_000_000_000_000_001, "B": 1_000_000_000_000_000}, 3, "huntington-hill")
    assert near.complete and near.seats == (2, 1)


def test_dean_harmonic_mean_exact() -> None:
    # Dean divisor for the 2nd seat: 2*1*2/3 = 4/3; 40/(4/3) = 30 ties with 30/1.
    result = apportion({"A": 40, "B": 30}, 2, "dean")
    assert result.complete and result.seats == (1, 1)
    assert apportion({"A": 40, "B": 30, "C": 1}, 4, "dean").seats == (2, 1, 1)
    # A's 3rd seat: 360 / (12/5) = 150; B's 2nd: 200 / (4/3) = 150: an exact tie.
    tie = apportion({"A": 360, "B": 200}, 4, "dean")
    assert tie.seats == (2, 1) and tie.ties[0].units == ("A", "B") and tie.ties[0].seats == 1


def test_largest_remainder_quotas() -> None:
    votes = {"A": 47_000, "B": 16_000, "C": 15_800, "D": 12_000, "E": 6_100, "F": 3_100}
    # Hare quota 10,000: full quotas 4,1,1,1,0,0; remainders 7000, 6100 (E), 6000 (B) win.
    assert apportion(votes, 10, "hare").seats == (5, 2, 1, 1, 1, 0)
    # Droop quota 9,091: full quotas 5,1,1,1,0,0; remainders 6909 (B), 6709 (C) win.
    assert apportion(votes, 10, "droop").seats == (5, 2, 2, 1, 0, 0)
    assert apportion(votes, 10, "hagenbach-bischoff").seats == (5, 2, 2, 1, 0, 0)
    # Imperiali quota 8,333 1/3: full quotas 5,1,1,1,0,0; remainders B, C win.
    assert apportion(votes, 10, "imperiali").seats == (5, 2, 2, 1, 0, 0)


def test_imperiali_over_allocation_is_an_error() -> None:
    with pytest.raises(InvalidInputError, match="imperiali quota"):
        apportion({"A": 1, "B": 1, "C": 1}, 1, "imperiali")


def test_droop_with_too_few_votes_is_an_error() -> None:
    with pytest.raises(InvalidInputError, match="too few votes"):
        apportion({"A": 3}, 5, "droop")


def test_fraction_and_decimal_values_are_exact() -> None:
    exact = apportion({"A": Fraction(1, 3), "B": "0.5", "C": "1/6"}, 6, "hare")
    assert exact.seats == (2, 3, 1)
    assert exact.quotas == (Fraction(2), Fraction(3), Fraction(1))


def test_unknown_method_lists_allowed() -> None:
    with pytest.raises(InvalidInputError, match=r"allowed: .*dhondt"):
        get_method("banzhaf")
    with pytest.raises(InvalidInputError, match="only with modified-sainte-lague"):
        get_method("dhondt", first_divisor="1.4")


@pytest.mark.parametrize("bad", [1.5, float("nan"), -3, "abc", True, None])
def test_bad_values_are_named(bad: object) -> None:
    with pytest.raises(InvalidInputError, match="unit 'X'"):
        apportion({"X": bad, "Y": 3}, 2)


def test_float_whole_numbers_are_accepted() -> None:
    assert apportion({"X": 3.0, "Y": 1.0}, 4, "hare").seats == (3, 1)


def test_big_house_is_fast_and_exact() -> None:
    result = apportion({"A": 2, "B": 1}, 3_000_000, "sainte-lague")
    assert result.seats == (2_000_000, 1_000_000)
