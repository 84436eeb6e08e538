"""Thresholds, seat bounds, reserved seats and clear errors for infeasible constraints."""

from __future__ import annotations

import pytest

from powershare.apportion import (
    Apportionment,
    Constraints,
    InfeasibleConstraintsError,
    SainteLague,
    Threshold,
    apportion,
)
from powershare.errors import InvalidInputError

PROVINCES = {"Big": 5_000_000, "Mid": 900_000, "Small": 120_000, "Tiny": 40_000}


def test_minimum_seats_like_afghan_provinces() -> None:
    plain = apportion(PROVINCES, 20, "sainte-lague")
    assert plain.seats_by_name()["Tiny"] == 0
    floored = apportion(PROVINCES, 20, "sainte-lague", min_seats=2)
    assert floored.seats == (14, 2, 2, 2)
    assert sum(floored.seats) == 20


def test_minimum_and_maximum_per_unit() -> None:
    result = apportion(PROVINCES, 20, "dhondt", min_seats={"Tiny": 1}, max_seats={"Big": 12})
    assert result.seats_by_name()["Big"] == 12
    assert result.seats_by_name()["Tiny"] == 1
    assert sum(result.seats) == 20


def test_bounds_with_largest_remainder() -> None:
    result = apportion(PROVINCES, 20, "hare", min_seats=2, max_seats=12)
    assert result.seats == (12, 4, 2, 2)


def test_reserved_seats_and_total() -> None:
    result = apportion(PROVINCES, total=30, method="sainte-lague", reserved={"Kuchi": 10})
    assert result.house == 20
    assert result.total_seats == 30
    assert result.reserved == (("Kuchi", 10),)


def test_threshold_with_exemption() -> None:
    votes = {"A": 600, "B": 350, "C": 40, "Minority": 10}
    result = apportion(votes, 20, "sainte-lague", threshold="5%", exempt=["Minority"])
    assert [n for n, _ in result.excluded] == ["C"]
    assert result.seats_by_name()["C"] == 0
    assert result.quotas[2] == 0


def test_threshold_reasons_name_the_share() -> None:
    result = apportion({"A": 96, "B": 4}, 10, "dhondt", threshold="0.05")
    assert "below threshold 5%" in result.excluded[0][1]


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"threshold": "90%"}, "excludes every unit"),
        ({"min_seats": 6}, "minimum seats add up to 24 .* house of 20"),
        ({"max_seats": 4}, "at most 16 seats"),
        ({"min_seats": {"Big": 5}, "max_seats": {"Big": 4}}, "'Big' has minimum 5 .* maximum 4"),
    ],
)
def test_infeasible_constraints_say_which(kwargs: dict[str, object], message: str) -> None:
    with pytest.raises(InfeasibleConstraintsError, match=message):
        apportion(PROVINCES, 20, "sainte-lague", **kwargs)  # type: ignore[arg-type]


def test_infeasible_is_a_value_error() -> None:
    with pytest.raises(ValueError):
        apportion(PROVINCES, 3, min_seats=1, max_seats=0)


def test_zero_valued_units_only_get_their_minimum() -> None:
    result = apportion({"A": 10, "Z": 0}, 3, "huntington-hill", min_seats=1)
    assert result.seats == (2, 1)
    with pytest.raises(InfeasibleConstraintsError, match="value 0 get only their minimum: Z"):
        apportion({"A": 10, "Z": 0}, 3, "adams", max_seats=1)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"min_seats": {"Nowhere": 1}}, "'Nowhere', which is not among the units"),
        ({"threshold": "120%"}, "threshold is 120%"),
        ({"threshold": "5%", "exempt": ["Ghost"]}, "'Ghost', which is not among"),
        ({"reserved": {"Big": 2}}, "also an apportioned unit"),
        ({"min_seats": -1}, "minimum seats is -1"),
        ({"seats_elsewhere": {"Big": 1}, "threshold": "5%"}, "min_seats_elsewhere"),
    ],
)
def test_bad_constraint_values_are_named(kwargs: dict[str, object], message: str) -> None:
    with pytest.raises(InvalidInputError, match=message):
        apportion(PROVINCES, 20, "sainte-lague", **kwargs)  # type: ignore[arg-type]


def test_seats_or_total_exactly_one() -> None:
    with pytest.raises(InvalidInputError, match="exactly one of seats"):
        apportion(PROVINCES)
    with pytest.raises(InvalidInputError, match="exceed the total"):
        apportion(PROVINCES, total=5, reserved={"Kuchi": 10})
    with pytest.raises(InvalidInputError, match="number of seats is -2"):
        apportion(PROVINCES, -2)


def test_zero_house_and_no_units() -> None:
    assert apportion(PROVINCES, 0).seats == (0, 0, 0, 0)
    with pytest.raises(InvalidInputError, match="no units"):
        apportion({}, 5)
    with pytest.raises(InvalidInputError, match="appears twice"):
        apportion([("A", 1), ("A", 2)], 5)


def test_composed_rule_object() -> None:
    rule = Apportionment(SainteLague(), Constraints(threshold=Threshold.build("5%"), min_seats=1))
    result = rule({"A": 900, "B": 80, "C": 20}, 10)
    assert result.seats == (9, 1, 0)
    assert [n for n, _ in result.excluded] == ["C"]
