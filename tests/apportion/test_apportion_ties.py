"""Ties at the last seat are reported; they are broken only by a named rule."""

from __future__ import annotations

import pytest

from powershare.apportion import LargerFirst, Lot, apportion, seats_as_body
from powershare.errors import InvalidInputError

TIED = {"A": 300, "B": 100, "C": 100}


@pytest.mark.parametrize(
    ("method", "house", "units", "contested", "settled"),
    [
        # D'Hondt: 300, 150, then 100 three times (A's 3rd, B, C) for the last 2 seats.
        ("dhondt", 4, ("A", "B", "C"), 2, (2, 0, 0)),
        # Sainte-Laguë: 300, then 100 three times (300/3, B, C) for the last 2 seats.
        ("sainte-lague", 3, ("A", "B", "C"), 2, (1, 0, 0)),
        # Hare: quotas 1.8, 0.6, 0.6; A's remainder 0.8 wins, B and C tie at 0.6.
        ("hare", 3, ("B", "C"), 1, (2, 0, 0)),
        # Huntington-Hill: A's 5th seat 300/sqrt(20) = 67.1 < 100/sqrt(2) = 70.7 (B and C).
        ("huntington-hill", 7, ("B", "C"), 1, (4, 1, 1)),
    ],
)
def test_tie_is_reported_not_broken(
    method: str, house: int, units: tuple[str, ...], contested: int, settled: tuple[int, ...]
) -> None:
    result = apportion(TIED, house, method)
    assert not result.complete
    (tie,) = result.ties
    assert tie.units == units
    assert tie.seats == contested
    assert result.seats == settled
    assert sum(result.seats) + tie.seats == house


def test_tie_break_lot_is_reproducible_and_order_independent() -> None:
    first = apportion(TIED, 3, "hare", tie_break="lot", seed=7)
    again = apportion(TIED, 3, "hare", tie_break="lot", seed=7)
    reordered = apportion(dict(reversed(list(TIED.items()))), 3, "hare", tie_break="lot", seed=7)
    assert first.complete and first.seats == again.seats
    assert first.seats_by_name() == reordered.seats_by_name()
    assert first.ties[0].rule == "lot"
    assert first.ties[0].winners in (("B",), ("C",))
    winners = {apportion(TIED, 3, "hare", tie_break=Lot(s)).ties[0].winners for s in range(20)}
    assert winners == {("B",), ("C",)}


def test_larger_first_and_chains() -> None:
    votes = {"A": 20, "B": 10, "C": 10}
    result = apportion(votes, 3, "dhondt", tie_break="larger")
    # 20/2 = 10 ties with B and C: three units for one seat; larger gives it to A.
    assert result.seats == (2, 1, 0) or result.ties[0].units == ("A", "B", "C")
    tie = apportion(votes, 3, "dhondt").ties[0]
    assert tie.units == ("A", "B", "C") and tie.seats == 2
    larger = apportion(votes, 3, "dhondt", tie_break=LargerFirst())
    assert not larger.complete  # A wins one, B and C still tied for the other
    assert larger.ties[0].winners == ("A",)
    chained = apportion(votes, 3, "dhondt", tie_break="larger,first-listed")
    assert chained.complete and chained.seats == (2, 1, 0)
    smaller = apportion(votes, 3, "dhondt", tie_break="smaller")
    assert smaller.complete and smaller.seats == (1, 1, 1)


def test_huntington_hill_more_units_than_seats_is_a_tie() -> None:
    result = apportion({"A": 5, "B": 3, "C": 1}, 2, "huntington-hill")
    (tie,) = result.ties
    assert tie.units == ("A", "B", "C") and tie.seats == 2
    assert result.seats == (0, 0, 0)


def test_tie_break_errors() -> None:
    with pytest.raises(InvalidInputError, match="needs a seed"):
        apportion(TIED, 4, tie_break="lot")
    with pytest.raises(InvalidInputError, match="unknown tie-break rule 'coin'"):
        apportion(TIED, 4, tie_break="coin")
    with pytest.raises(InvalidInputError, match=r"seed .* without a tie-break"):
        apportion(TIED, 4, seed=3)


def test_body_needs_resolved_ties() -> None:
    with pytest.raises(InvalidInputError, match="tied between B, C"):
        seats_as_body(apportion(TIED, 3, "hare"))
    body = seats_as_body(
        apportion(TIED, total=5, method="hare", tie_break="lot", seed=1, reserved={"R": 2})
    )
    assert sum(s for _, s in body) == 5
    assert body[-1] == ("R", 2)
    assert all(s > 0 for _, s in body)


def test_tie_is_json_ready() -> None:
    data = apportion(TIED, 3, "hare").to_dict()
    assert data["ties"] == [
        {"units": ["B", "C"], "seats": 1, "resolved": False, "winners": [], "rule": None}
    ]
    assert data["complete"] is False
