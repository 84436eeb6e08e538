"""Properties with hypothesis (Balinski & Young 1982, ch. 6 and App. A)."""

from __future__ import annotations

import math
from fractions import Fraction

from hypothesis import assume, given, settings
from hypothesis import strategies as st

from powershare.apportion import DivisorMethod, apportion, get_method
from powershare.apportion.divisor import DIVISOR_METHODS
from powershare.apportion.largest_remainder import LARGEST_REMAINDER_METHODS

# Every registered method (by its canonical name), so a new method is tested without listing it.
DIVISOR = sorted({cls.name for cls in DIVISOR_METHODS.values()})
ALL = [
    *DIVISOR,
    *sorted({cls.name for cls in LARGEST_REMAINDER_METHODS.values() if cls.exact_house}),
]

values_st = st.lists(st.integers(min_value=1, max_value=10_000), min_size=1, max_size=8)


def _units(values: list[int]) -> list[tuple[str, int]]:
    return [(f"u{i}", v) for i, v in enumerate(values)]


def _droop_defined(values: list[int], house: int, method: str) -> bool:
    """Droop's integer quota can exceed V/h when there are fewer votes than h(h+1)."""
    if method != "droop" or house == 0:
        return True
    q = sum(values) // (house + 1) + 1
    return house - sum(v // q for v in values) <= len(values)


@settings(max_examples=150, deadline=None)
@given(values=values_st, house=st.integers(0, 60), method=st.sampled_from(ALL))
def test_seats_sum_to_house(values: list[int], house: int, method: str) -> None:
    assume(_droop_defined(values, house, method))  # else refused, tested elsewhere
    result = apportion(_units(values), house, method)
    assert sum(result.seats) + sum(t.seats for t in result.unresolved_ties) == house


@settings(max_examples=150, deadline=None)
@given(values=values_st, house=st.integers(0, 60), method=st.sampled_from(DIVISOR))
def test_divisor_methods_are_house_monotone(values: list[int], house: int, method: str) -> None:
    small = apportion(_units(values), house, method, tie_break="first-listed")
    large = apportion(_units(values), house + 1, method, tie_break="first-listed")
    # With ties, compare the certain seats of the smaller house against the larger house.
    low = apportion(_units(values), house, method)
    assert all(b >= a for a, b in zip(low.seats, large.seats, strict=True))
    assert sum(large.seats) == sum(small.seats) + 1 or not (small.complete and large.complete)


@settings(max_examples=150, deadline=None)
@given(values=values_st, house=st.integers(1, 60))
def test_hare_satisfies_quota(values: list[int], house: int) -> None:
    result = apportion(_units(values), house, "hare", tie_break="first-listed")
    for seats, quota in zip(result.seats, result.quotas, strict=True):
        assert math.floor(quota) <= seats <= math.ceil(quota)


@settings(max_examples=150, deadline=None)
@given(
    values=values_st,
    house=st.integers(0, 60),
    method=st.sampled_from(ALL),
    data=st.data(),
)
def test_permuting_units_permutes_seats(
    values: list[int], house: int, method: str, data: st.DataObject
) -> None:
    assume(_droop_defined(values, house, method))
    units = _units(values)
    perm = data.draw(st.permutations(units))
    a = apportion(units, house, method)
    b = apportion(perm, house, method)
    assert a.seats_by_name() == b.seats_by_name()
    assert [set(t.units) for t in a.ties] == [set(t.units) for t in b.ties]


@settings(max_examples=150, deadline=None)
@given(
    values=values_st,
    house=st.integers(0, 200),
    method=st.sampled_from(DIVISOR),
    low=st.integers(0, 3),
)
def test_jump_start_equals_plain_stepping(
    values: list[int], house: int, method: str, low: int
) -> None:
    if low * len(values) > house:
        return
    m = get_method(method)
    assert isinstance(m, DivisorMethod)
    lower = [low] * len(values)
    upper: list[int | None] = [None] * len(values)
    jumped = m.allocate(values, house, lower, upper)
    m.bounded = False
    try:
        stepped = m.allocate(values, house, lower, upper)
    finally:
        m.bounded = type(m).bounded
    assert jumped == stepped


@settings(max_examples=100, deadline=None)
@given(values=values_st, house=st.integers(0, 40), scale=st.integers(1, 1000))
def test_scaling_values_changes_nothing(values: list[int], house: int, scale: int) -> None:
    a = apportion(_units(values), house, "huntington-hill")
    b = apportion(
        [(n, Fraction(v * scale, 7)) for n, v in _units(values)], house, "huntington-hill"
    )
    assert a.seats == b.seats
