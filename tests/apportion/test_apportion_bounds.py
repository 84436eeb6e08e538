"""Apportionment with input past its bounds: sweeps estimated and refused up front, numbers
of any size within the digit bound, floats never made of huge exact values."""

from __future__ import annotations

import json
import time
from fractions import Fraction

import pytest

from powershare.apportion import (
    apportion,
    check_sweep,
    disproportionality,
    estimate_sweep,
    house_sweep,
)
from powershare.errors import InvalidInputError, ResourceLimitError
from powershare.power.registry import Limits

UNITS = [("A", 5000), ("B", 3000), ("C", 2000)]


def test_a_huge_sweep_is_refused_before_any_work() -> None:
    start = time.perf_counter()
    with pytest.raises(ResourceLimitError, match=r"1,000,000,000 house sizes of 3 units") as info:
        house_sweep(UNITS, range(1, 10**9 + 1), "sainte-lague")
    assert time.perf_counter() - start < 1
    assert info.value.seconds > 600 and info.value.bytes > 4 * 10**9


def test_sweep_limits_are_honoured() -> None:
    seconds, bytes_ = estimate_sweep(3, 1000)
    with pytest.raises(ResourceLimitError, match="over the limits"):
        check_sweep(3, 1000, Limits(max_seconds=seconds / 2))
    with pytest.raises(ResourceLimitError, match="over the limits"):
        house_sweep(UNITS, range(1, 1001), "hamilton", limits=Limits(max_bytes=bytes_ // 2))
    assert len(house_sweep(UNITS, range(1, 51), "hamilton").results) == 50


def test_huge_and_tiny_values_are_exact_and_json_safe() -> None:
    units = [("A", "1" + "0" * 900), ("B", "0." + "0" * 90 + "1"), ("C", 3)]
    result = apportion(units, 5, "sainte-lague", min_seats=1)
    assert result.seats == (3, 1, 1)
    d = disproportionality(result)
    assert d.max_min_ratio is not None and d.max_min_ratio > 10**900
    data = d.to_dict()
    assert data["max_min_ratio"] is None  # beyond a float; the exact value is given
    assert Fraction(data["max_min_ratio_exact"]) == d.max_min_ratio
    json.dumps(data, allow_nan=False)


def test_values_past_the_digit_bound_are_refused() -> None:
    with pytest.raises(InvalidInputError, match="limited to 1,000 digits"):
        apportion([("A", "9" * 5000), ("B", 1)], 3, "hamilton")
