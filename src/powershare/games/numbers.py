"""Exact reading of numbers given by users: integers, decimals, fractions and percentages.

Nothing here rounds.  Decimals such as ``12.5`` or ``0.1`` become exact :class:`~fractions.Fraction`
values (``0.1`` is one tenth, not the binary float nearest to it), and a list of such values is
scaled to integers by the least common denominator.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from decimal import Decimal, InvalidOperation
from fractions import Fraction

from powershare.errors import InvalidInputError

__all__ = ["parse_exact", "scale_to_integers", "format_fraction"]

_FRACTION_RE = re.compile(r"^\s*([+-]?\d+)\s*/\s*(\d+)\s*$")


def parse_exact(value: object, *, what: str = "value", allow_percent: bool = True) -> Fraction:
    """Read ``value`` as an exact rational number.

    Parameters
    ----------
    value
        An ``int``, ``Fraction``, ``Decimal``, finite ``float`` (taken at its shortest decimal
        representation, so ``0.1`` means one tenth), or text: ``"12"``, ``"12.5"``, ``"1e3"``,
        ``"2/3"`` or, when ``allow_percent``, ``"65%"`` (= 13/20).
    what
        What the value is, for the error message (e.g. ``"weight of 'France'"``).
    allow_percent
        Whether a trailing ``%`` is accepted.

    Returns
    -------
    Fraction
        The exact value.

    Raises
    ------
    InvalidInputError
        If the value is not a finite number (text, NaN, infinity, booleans, empty text).
    """
    if isinstance(value, bool):
        raise InvalidInputError(f"{what} must be a number, got the boolean {value!r}")
    if isinstance(value, int):
        return Fraction(value)
    if isinstance(value, Fraction):
        return value
    if isinstance(value, Decimal):
        if not value.is_finite():
            raise InvalidInputError(f"{what} must be a finite number, got {value}")
        return Fraction(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            raise InvalidInputError(f"{what} must be a finite number, got {value}")
        return Fraction(Decimal(repr(value)))
    if not isinstance(value, str):
        raise InvalidInputError(
            f"{what} must be a number, got {value!r} of type {type(value).__name__}"
        )
    text = value.strip().replace("_", "")
    if not text:
        raise InvalidInputError(f"{what} is empty; expected a number such as 12, 12.5 or 2/3")
    percent = text.endswith("%")
    if percent:
        if not allow_percent:
            raise InvalidInputError(f"{what} {value!r}: a percentage is not allowed here")
        text = text[:-1].strip()
    match = _FRACTION_RE.match(text)
    if match:
        num, den = int(match.group(1)), int(match.group(2))
        if den == 0:
            raise InvalidInputError(f"{what} {value!r} divides by zero")
        result = Fraction(num, den)
    else:
        try:
            dec = Decimal(text)
        except InvalidOperation:
            allowed = "a number such as 12, 12.5, 2/3" + (" or 65%" if allow_percent else "")
            raise InvalidInputError(
                f"{what} {value!r} is not a number; expected {allowed}"
            ) from None
        if not dec.is_finite():
            raise InvalidInputError(f"{what} must be a finite number, got {value!r}")
        result = Fraction(dec)
    return result / 100 if percent else result


def scale_to_integers(values: Sequence[Fraction]) -> tuple[list[int], Fraction]:
    """Scale exact rationals to integers by their least common denominator.

    Parameters
    ----------
    values
        Exact values (e.g. weights given as decimals or percentages).

    Returns
    -------
    integers, scale
        ``integers[i] == values[i] * scale`` exactly, with the smallest positive integer ``scale``
        that makes every value whole.  The ratios between values are unchanged, so voting power
        is unchanged.
    """
    scale = 1
    for v in values:
        scale = math.lcm(scale, v.denominator)
    ints = [int(v * scale) for v in values]
    return ints, Fraction(scale)


def format_fraction(value: Fraction) -> str:
    """Write an exact value as ``"p/q"`` (or ``"p"`` when whole)."""
    if value.denominator == 1:
        return str(value.numerator)
    return f"{value.numerator}/{value.denominator}"
