"""Exact parsing and validation of unit values, shares and seat counts.

Everything the apportionment package computes is exact: populations and votes become
integers or :class:`fractions.Fraction`, never floats.  This module is the one place where
user input is turned into those exact numbers, so every error message about a malformed
value is written here.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal
from fractions import Fraction

from powershare.errors import InvalidInputError
from powershare.games.numbers import format_fraction as format_fraction
from powershare.games.numbers import parse_exact
from powershare.games.numbers import scale_to_integers as _scale_exact

Number = int | Fraction | Decimal | str | float
"""What a population, vote count or share may be given as (floats only when integral)."""

_DECIMAL_RE = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)$")
_FRACTION_RE = re.compile(r"^[+-]?\d+\s*/\s*\d+$")
_THOUSANDS_RE = re.compile(r"[+-]?\d{1,3}(,\d{3})+(\.\d*)?")


def to_fraction(value: object, what: str) -> Fraction:
    """Convert ``value`` to an exact :class:`~fractions.Fraction`.

    The conversion is :func:`powershare.games.numbers.parse_exact`'s, with the stricter rules
    of apportionment input: floats only when whole, no percentages or exponents, and
    ``1,234``-style thousands separators allowed.

    Parameters
    ----------
    value
        An ``int``, ``Fraction``, ``Decimal``, a string such as ``"5030053"``, ``"12.5"``,
        ``"1_000"``, ``"1,234"`` or ``"3/7"``, or a float that is a whole number.
    what
        Describes the value in error messages, e.g. ``"population of 'Alabama'"``.

    Returns
    -------
    Fraction
        The exact value.

    Raises
    ------
    InvalidInputError
        If the value is not a number, or a float with a fractional part (which could not be
        taken exactly without silently rounding).
    """
    if isinstance(value, bool):
        raise InvalidInputError(f"{what} is {value!r}; allowed: a number, not True/False")
    if isinstance(value, float):
        # Not parse_exact's shortest-decimal reading: a whole float is taken at its exact
        # binary value, and one with a fractional part is refused.
        if math.isfinite(value) and value.is_integer():
            return Fraction(int(value))
        raise InvalidInputError(
            f"{what} is the float {value!r}; allowed: an int, a Fraction, a Decimal or a "
            "decimal string such as '12.5' (floats with a fractional part are not exact)"
        )
    if isinstance(value, str):
        # A narrower grammar than parse_exact's: thousands separators, no exponent, no percent.
        text = value.strip().replace("_", "")
        if _THOUSANDS_RE.fullmatch(text):
            text = text.replace(",", "")
        if not (_DECIMAL_RE.match(text) or _FRACTION_RE.match(text)):
            raise InvalidInputError(
                f"{what} is {value!r}; allowed: a number such as 5030053, 12.5, 1,234 or 3/7"
            )
        value = text
    elif not isinstance(value, int | Fraction | Decimal):
        raise InvalidInputError(
            f"{what} is {value!r} of type {type(value).__name__}; allowed: int, Fraction, "
            "Decimal or str"
        )
    return parse_exact(value, what=what, allow_percent=False)


def to_nonnegative(value: object, what: str) -> Fraction:
    """Like :func:`to_fraction` but refuse negative values."""
    frac = to_fraction(value, what)
    if frac < 0:
        raise InvalidInputError(f"{what} is {value}; allowed: a number >= 0")
    return frac


def to_seat_count(value: object, what: str) -> int:
    """Validate a whole, non-negative number of seats."""
    if isinstance(value, bool) or not isinstance(value, int):
        frac = to_fraction(value, what)
        if frac.denominator != 1:
            raise InvalidInputError(f"{what} is {value}; allowed: a whole number of seats >= 0")
        value = int(frac)
    if value < 0:
        raise InvalidInputError(f"{what} is {value}; allowed: a whole number of seats >= 0")
    return value


def parse_share(value: object, what: str = "threshold") -> Fraction:
    """Parse a share such as ``"5%"``, ``"0.05"``, ``"1/20"`` or ``Fraction(1, 20)``.

    Returns
    -------
    Fraction
        A share in ``[0, 1)``.

    Raises
    ------
    InvalidInputError
        If the text is not a share, or lies outside ``[0, 1)``.
    """
    if isinstance(value, str) and value.strip().endswith("%"):
        share = to_fraction(value.strip()[:-1], what) / 100
    else:
        share = to_fraction(value, what)
    if not 0 <= share < 1:
        raise InvalidInputError(
            f"{what} is {value}; allowed: a share from 0 to below 1, e.g. '5%', '0.05' or '1/20'"
        )
    return share


def normalise_units(
    units: Mapping[str, object] | Iterable[tuple[str, object]],
) -> tuple[tuple[str, ...], tuple[Fraction, ...]]:
    """Validate units given as a mapping or as ``(name, value)`` pairs.

    Names must be non-empty and unique; values exact and non-negative.
    """
    pairs: Sequence[tuple[str, object]]
    pairs = list(units.items()) if isinstance(units, Mapping) else list(units)
    if not pairs:
        raise InvalidInputError("no units given; allowed: at least one (name, value) pair")
    names: list[str] = []
    values: list[Fraction] = []
    seen: set[str] = set()
    for item in pairs:
        if not isinstance(item, tuple) or len(item) != 2:
            raise InvalidInputError(f"unit {item!r} is not a (name, value) pair")
        name, value = item
        if not isinstance(name, str) or not name.strip():
            raise InvalidInputError(f"unit name {name!r}; allowed: a non-empty string")
        if name in seen:
            raise InvalidInputError(f"unit name {name!r} appears twice; names must be unique")
        seen.add(name)
        names.append(name)
        values.append(to_nonnegative(value, f"value of unit {name!r}"))
    return tuple(names), tuple(values)


def scale_to_integers(values: Sequence[Fraction]) -> list[int]:
    """Multiply all values by the lcm of their denominators
    (:func:`powershare.games.numbers.scale_to_integers` without the scale).

    Every method in this package is invariant under a common positive scaling of the
    values, so the integer vector gives the same seats and lets comparisons use only
    integer multiplication.
    """
    return _scale_exact(values)[0]


def format_number(value: Fraction) -> int | str:
    """JSON-friendly exact value: an int when whole, else the ``"p/q"`` string."""
    return value.numerator if value.denominator == 1 else format_fraction(value)
