"""Quota forms: absolute, share, percentage, majority, share plus margin."""

from fractions import Fraction

import pytest

from powershare.errors import InvalidQuotaError
from powershare.games.quota import parse_quota


@pytest.mark.parametrize(
    ("text", "total", "expected"),
    [
        ("12", 17, 12),
        (12, 17, 12),
        ("12.5", 17, 13),  # at least 12.5 -> 13 with integer weights
        ("2/3", 17, 12),  # 2/3 * 17 = 11.33 -> at least 12
        ("2/3", 12, 8),  # exactly 8 is enough: "at least"
        ("65%", 100, 65),
        ("65%", 101, 66),  # 65.65 -> 66
        ("0.55", 20, 11),
        ("50%", 10, 5),  # at least half: a tie passes
        ("majority", 10, 6),  # more than half: a tie fails
        ("majority", 11, 6),
        ("Majority", 538, 270),
        ("50%+1", 10, 6),
        ("50%+1", 11, 7),  # 5.5 + 1 = 6.5 -> 7: literally half plus one
        ("100%", 17, 17),
        ("1", 5, 1),  # 1 is absolute, not 100%
    ],
)
def test_quota_resolves_to_smallest_sufficient_weight(
    text: object, total: int, expected: int
) -> None:
    assert parse_quota(text).resolve(total) == expected


def test_absolute_quota_is_scaled_with_weights() -> None:
    # weights given in tenths are scaled by 10; an absolute quota of 1.5 becomes 15
    assert parse_quota("1.5").resolve(40, Fraction(10)) == 15


@pytest.mark.parametrize(
    "bad", ["abc", "", "0", "-3", "150%", "0%", "nan", "inf", "1/0", "50%+-1", "2/3/4"]
)
def test_bad_quota_names_the_value(bad: str) -> None:
    with pytest.raises(InvalidQuotaError) as info:
        parse_quota(bad)
    assert repr(bad) in str(info.value) or bad in str(info.value)


def test_describe_mentions_at_least() -> None:
    assert parse_quota("65%").describe() == "at least 65% of the total weight"
    assert "more than half" in parse_quota("majority").describe()
