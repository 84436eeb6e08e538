"""Disproportionality indices, sweeps and the three paradoxes (Balinski & Young 1982, ch. 5)."""

from __future__ import annotations

import math
from fractions import Fraction

import pytest

from powershare.apportion import (
    alabama_paradoxes,
    apportion,
    disproportionality,
    house_sweep,
    new_state_paradox,
    population_paradoxes,
)
from powershare.errors import InvalidInputError


def test_indices_by_hand() -> None:
    # Hare, 3 seats, votes 60/30/10: quotas 1.8, 0.9, 0.3 -> seats (2, 1, 0).
    # Seat minus vote shares: 1/15, 1/30, -1/10.
    result = apportion({"A": 60, "B": 30, "C": 10}, 3, "hare")
    assert result.seats == (2, 1, 0)
    d = disproportionality(result)
    assert d.loosemore_hanby == Fraction(1, 10)
    assert d.gallagher_squared == Fraction(7, 900)
    assert math.isclose(d.gallagher, math.sqrt(7) / 30)
    # (1/225)/(3/5) + (1/900)/(3/10) + (1/100)/(1/10) = 1/135 + 1/270 + 1/10 = 1/9
    assert d.sainte_lague == Fraction(1, 9)
    # seats per vote: A 2/60, B 1/30 -> equal; C has no seat and is left out
    assert d.max_min_ratio == 1
    assert d.to_dict()["sainte_lague_exact"] == "1/9"


def test_proportional_result_has_zero_indices() -> None:
    d = disproportionality(apportion({"A": 60, "B": 30, "C": 10}, 10, "dhondt"))
    assert (d.loosemore_hanby, d.gallagher, d.sainte_lague) == (0, 0.0, 0)


def test_indices_need_a_complete_result() -> None:
    with pytest.raises(InvalidInputError, match="tie"):
        disproportionality(apportion({"A": 1, "B": 1}, 1, "dhondt"))


def test_alabama_paradox_hamilton() -> None:
    # Hare at 10 seats: quotas 4.29, 4.29, 1.43 -> (4, 4, 2); at 11: 4.71, 4.71, 1.57 -> (5, 5, 1).
    sweep = house_sweep({"A": 6, "B": 6, "C": 2}, range(9, 13), "hare")
    found = alabama_paradoxes(sweep)
    assert [(p.unit, p.house_before, p.seats_before, p.seats_after) for p in found] == [
        ("C", 10, 2, 1)
    ]
    assert sweep.table()["C"] == [1, 2, 1, 2] or sweep.table()["C"][1:3] == [2, 1]


def test_divisor_methods_have_no_alabama_paradox(published_us: list[tuple[str, int]]) -> None:
    sweep = house_sweep(published_us, range(400, 451), "huntington-hill", min_seats=1)
    assert alabama_paradoxes(sweep) == []
    assert sweep.table()["Minnesota"][35] == 8  # house 435


def test_population_paradox_between_two_censuses() -> None:
    # Hare, 4 seats: (10, 11, 46) -> (0, 1, 3); (10, 18, 47) -> (1, 1, 2).
    before = apportion({"A": 10, "B": 11, "C": 46}, 4, "hare")
    after = apportion({"A": 10, "B": 18, "C": 47}, 4, "hare")
    (p,) = population_paradoxes(before, after)
    assert (p.faster, p.slower) == ("C", "A")
    assert p.growth_faster == Fraction(47, 46) and p.growth_slower == 1
    assert p.seats_faster == (3, 2) and p.seats_slower == (0, 1)
    with pytest.raises(InvalidInputError, match="one house size"):
        population_paradoxes(before, apportion({"A": 10, "B": 18, "C": 47}, 5, "hare"))


def test_new_state_paradox() -> None:
    # Hare: (51, 59, 7) at 8 -> (4, 4, 0); adding N = 37 with its 2 seats, at 10 ->
    # quotas 3.31, 3.83, 0.45, 2.40 -> (3, 4, 1, 2): A loses a seat to C.
    report = new_state_paradox({"A": 51, "B": 59, "C": 7}, 8, "hare", ("N", 37))
    assert report.occurred
    assert report.new_seats == 2 and report.house_after == 10
    assert report.changes == (("A", 4, 3), ("C", 0, 1))
    calm = new_state_paradox({"A": 51, "B": 59, "C": 7}, 8, "sainte-lague", ("N", 37))
    assert calm.new_seats >= 1


def test_sweep_errors() -> None:
    with pytest.raises(InvalidInputError, match="no house sizes"):
        house_sweep({"A": 1}, [], "hare")
