"""Targets and distances."""

from __future__ import annotations

import math

import pytest

from powershare.design import (
    distance,
    equal_target,
    get_distance,
    make_target,
    proportional_target,
    square_root_target,
)
from powershare.errors import InvalidInputError, UnknownNameError


def test_design_targets_basic() -> None:
    assert equal_target(4) == (0.25, 0.25, 0.25, 0.25)
    assert proportional_target([1, "3"]) == (0.25, 0.75)
    assert make_target("explicit", 2, ["25%", "75%"]) == (0.25, 0.75)
    t = square_root_target([100, 400])
    assert t == pytest.approx((1 / 3, 2 / 3))
    assert make_target("square-root", 2, [100, 400]) == t


@pytest.mark.parametrize(
    ("kind", "n", "values", "fragment"),
    [
        ("golden", 2, None, "unknown target 'golden'"),
        ("sqrt", 2, None, "needs one value per member"),
        ("proportional", 3, [1, 2], "has 2 values for 3 members"),
        ("proportional", 2, [1, -2], "must be 0 or more"),
        ("proportional", 2, [0, 0], "all values are 0"),
    ],
)
def test_design_targets_errors(kind: str, n: int, values: list[int] | None, fragment: str) -> None:
    with pytest.raises(InvalidInputError, match=fragment):
        make_target(kind, n, values)


def test_design_distances() -> None:
    p, t = (0.5, 0.3, 0.2), (0.4, 0.4, 0.2)
    assert distance(p, t, "max_abs") == pytest.approx(0.1)
    assert distance(p, t, "l1") == pytest.approx(0.2)
    assert distance(p, t, "l2") == pytest.approx(math.sqrt(0.02))
    assert distance(p, t, "max_rel") == pytest.approx(0.25)
    assert distance((0.5, 0.5), (1.0, 0.0), "max_rel") == math.inf
    assert get_distance("Euclidean") == "l2"
    with pytest.raises(UnknownNameError, match="known distances: max_abs, l1, l2, max_rel"):
        get_distance("hamming")
