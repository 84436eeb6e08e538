"""Numbers and names said plainly, for the audit's findings, verdict and tables.

No scientific notation reaches a reader: small chances are written as "1.9 in 10,000" or as
a percentage with two significant digits ("0.019%"); differences of percentages are
"percentage points"; members tied for a place are named together and called tied.

>>> chance(1.915e-4), percent_sig(1.915e-4), points(0.0836)
('1.9 in 10,000', '0.019%', '8.36 percentage points')
>>> tied(["Centre", "North", "South"])
'Centre, North and South (tied)'
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from fractions import Fraction
from typing import TypeVar

from powershare.games.numbers import to_float

__all__ = [
    "chance",
    "common_scale",
    "extremes",
    "in_scale",
    "join_names",
    "percent_sig",
    "points",
    "tied",
]

T = TypeVar("T")
Number = Fraction | float | int


def join_names(names: Sequence[str]) -> str:
    """``"A"``, ``"A and B"``, ``"A, B and C"``.

    >>> join_names(["A"]), join_names(["A", "B", "C"])
    ('A', 'A, B and C')
    """
    names = list(names)
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]


def tied(names: Sequence[str], limit: int = 6) -> str:
    """Names sharing a place: one name as it is; several joined and marked ``(tied)``; more
    than ``limit`` as the first few and how many others.

    >>> tied(["A"]), tied(["A", "B"]), tied([str(i) for i in range(9)], limit=3)
    ('A', 'A and B (tied)', '0, 1, 2 and 6 others (tied)')
    """
    if len(names) == 1:
        return names[0]
    if len(names) > limit:
        return f"{', '.join(names[:limit])} and {len(names) - limit} others (tied)"
    return f"{join_names(names)} (tied)"


def extremes(items: Sequence[T], key: Callable[[T], Number]) -> tuple[list[T], list[T]]:
    """The items with the largest and with the smallest ``key`` (every tied item, in order).

    >>> extremes([3, 1, 3, 2, 1], key=lambda x: x)
    ([3, 3], [1, 1])
    """
    values = [key(x) for x in items]
    hi, lo = max(values), min(values)
    return (
        [x for x, v in zip(items, values, strict=True) if v == hi],
        [x for x, v in zip(items, values, strict=True) if v == lo],
    )


def points(delta: Number, digits: int = 2) -> str:
    """A difference of two shares in percentage points (``0.0836`` -> ``"8.36 percentage
    points"``)."""
    return f"{abs(to_float(delta)) * 100:.{digits}f} percentage points"


def percent_sig(value: Number, significant: int = 2) -> str:
    """A share as a percentage with ``significant`` digits and never an exponent.

    >>> percent_sig(0.5), percent_sig(0.000012345), percent_sig(0)
    ('50%', '0.0012%', '0%')
    """
    x = to_float(value) * 100
    if x == 0:
        return "0%"
    digits = max(0, significant - 1 - math.floor(math.log10(abs(x))))
    return f"{x:,.{digits}f}%"


def chance(value: Number) -> str:
    """A probability said as people say it: ``"1.9 in 10,000"``, ``"12%"`` from 1% up.

    >>> chance(0.25), chance(0.004), chance(3.3e-7)
    ('25%', '4 in 1,000', '3.3 in 10,000,000')
    """
    x = to_float(value)
    if x <= 0:
        return "0"
    if x >= 0.01:
        return percent_sig(x)
    scale = 10 ** math.ceil(-math.log10(x))
    mantissa = x * scale
    if mantissa >= 9.95:  # rounding up to the next power of ten
        scale //= 10
        mantissa = x * scale
    text = f"{mantissa:.1f}".removesuffix(".0")
    return f"{text} in {scale:,}"


def common_scale(values: Sequence[Number]) -> int:
    """The power of ten that writes every (positive) chance in ``values`` as a number of at
    least 10 "in" that power: the scale of a table column of small probabilities.

    >>> common_scale([3.438e-4, 1.5e-3]), common_scale([0.25, 0.5])
    (100000, 100)
    """
    positive = [to_float(v) for v in values if to_float(v) > 0]
    if not positive:
        return 1
    exponent: int = math.ceil(1 - math.log10(min(positive)))
    return max(100, int(10**exponent))


def in_scale(value: Number, scale: int) -> str:
    """``value`` times ``scale``, with up to three significant digits (``"344"``, ``"12.5"``).

    >>> in_scale(3.438e-4, 1_000_000), in_scale(1.25e-5, 1_000_000)
    ('344', '12.5')
    """
    x = to_float(value) * scale
    if x == 0 or x >= 100:
        return f"{x:,.0f}"
    return f"{x:.{max(0, 2 - math.floor(math.log10(abs(x))))}f}".rstrip("0").rstrip(".")
