"""Exact reading of numbers given by users: integers, decimals, fractions and percentages.

Nothing here rounds.  Decimals such as ``12.5`` or ``0.1`` become exact :class:`~fractions.Fraction`
values (``0.1`` is one tenth, not the binary float nearest to it), and a list of such values is
scaled to integers by the least common denominator.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from decimal import Decimal, InvalidOperation, localcontext
from fractions import Fraction
from numbers import Integral
from typing import Any

from powershare.errors import InvalidInputError
from powershare.games.lazy_numpy import loaded_numpy, np

__all__ = [
    "int_text",
    "plain_values",
    "strict_json",
    "MAX_DIGITS",
    "NumberTooLongError",
    "check_digits",
    "parse_exact",
    "scale_to_integers",
    "format_fraction",
    "format_significant",
    "to_float",
]

MAX_DIGITS = 1000
"""The most digits a number may have, in what the user writes and in its exact value (numerator
and denominator each; ``1e400`` has 401 digits, ``1e-400`` a denominator of 401).  Longer
numbers are refused up front: expanding ``1e999999999`` exactly would take hours, and Python
itself refuses to read or print integers of more than 4,300 digits."""

_MAX_BITS = math.ceil(MAX_DIGITS * math.log2(10))
_LOG10_2 = math.log10(2)


class NumberTooLongError(InvalidInputError):
    """A number has more than :data:`MAX_DIGITS` digits."""


def _refuse(what: str, shown: str, digits: int, about: str = "") -> NumberTooLongError:
    return NumberTooLongError(
        f"{what}{shown} has {about}{digits:,} digits; numbers are limited to {MAX_DIGITS:,} digits"
    )


def _shown(value: object) -> str:
    if not isinstance(value, str):
        return ""
    text = value.strip()
    return " " + repr(text if len(text) <= 40 else text[:20] + "..." + text[-10:])


def check_digits(value: int | Fraction, *, what: str = "value") -> None:
    """Refuse an exact value whose numerator or denominator has more than :data:`MAX_DIGITS`
    digits (counted from its bit length, so nothing is converted to text).

    >>> check_digits(10**999)
    >>> try:
    ...     check_digits(Fraction(1, 10**1200), what="weight")
    ... except NumberTooLongError as exc:
    ...     print(exc)
    weight has about 1,201 digits; numbers are limited to 1,000 digits
    """
    for part in (value.numerator, value.denominator):
        bits = abs(part).bit_length()
        if bits > _MAX_BITS and abs(part) >= 10**MAX_DIGITS:
            raise _refuse(what, "", int(bits * _LOG10_2) + 1, "about ")


_FRACTION_RE = re.compile(r"^\s*([+-]?\d+)\s*/\s*(\d+)\s*$")


def parse_exact(value: object, *, what: str = "value", allow_percent: bool = True) -> Fraction:
    """Read ``value`` as an exact rational number.

    Parameters
    ----------
    value
        An ``int``, ``Fraction``, ``Decimal``, finite ``float`` (taken at its shortest decimal
        representation, so ``0.1`` means one tenth), a numpy integer (``np.int64(3)``) or
        float (taken at the shortest decimal that reads back as the same value *of its own
        precision*: ``np.float32(0.1)`` is one tenth too), or text: ``"12"``, ``"12.5"``,
        ``"1e3"``, ``"2/3"`` or, when ``allow_percent``, ``"65%"`` (= 13/20).
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
    numpy_values = loaded_numpy() is not None  # else no value can be a numpy number
    if isinstance(value, bool) or (numpy_values and isinstance(value, np.bool_)):
        raise InvalidInputError(f"{what} must be a number, got the boolean {value!r}")
    if isinstance(value, Integral):  # int and numpy integers
        value = int(value)
    if numpy_values and isinstance(value, np.floating):
        if not np.isfinite(value):
            raise InvalidInputError(f"{what} must be a finite number, got {value}")
        value = Decimal(np.format_float_scientific(value, unique=True))
    if isinstance(value, int | Fraction):
        check_digits(value, what=what)
        return Fraction(value)
    if isinstance(value, Decimal):
        if not value.is_finite():
            raise InvalidInputError(f"{what} must be a finite number, got {value}")
        _check_decimal(value, what, str(value))
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
    digits = sum(c.isdigit() for c in text) if len(text) > MAX_DIGITS else 0
    if digits > MAX_DIGITS:
        raise _refuse(what, _shown(value), digits)
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
        _check_decimal(dec, what, value)
        result = Fraction(dec)
    return result / 100 if percent else result


def plain_values(values: object, what: str = "values") -> list[Any]:
    """The items of a list, tuple, numpy array, pandas Series or Index, or any other iterable
    that is not text, as a list: numpy integers and text become Python ones, numpy floats stay
    as they are (so that :func:`parse_exact` reads each at its own precision); pandas is never
    imported (a Series or Index is read through its ``to_numpy``).

    >>> plain_values(np.array([3, 2])), plain_values((x for x in "ab"))
    ([3, 2], ['a', 'b'])

    Raises
    ------
    InvalidInputError
        For text, a mapping or something that is not a collection.
    """
    if type(values) is list or type(values) is tuple:
        return list(values)  # the common case, first
    if loaded_numpy() is not None and isinstance(values, np.ndarray):
        if values.ndim != 1:
            raise InvalidInputError(f"{what} must be one-dimensional, got shape {values.shape}")
        # Python scalars, except floats: a float32 keeps its own shortest decimal (parse_exact)
        return list(values) if values.dtype.kind == "f" else values.tolist()
    if type(values).__module__.partition(".")[0] == "pandas" and hasattr(values, "to_numpy"):
        return plain_values(values.to_numpy(), what)
    if isinstance(values, str | bytes | dict) or not hasattr(values, "__iter__"):
        raise InvalidInputError(
            f"{what} must be a list, array or Series, got {type(values).__name__}"
        )
    return list(values)
    if type(values).__module__.partition(".")[0] == "pandas" and hasattr(values, "to_numpy"):
        return plain_values(values.to_numpy(dtype=object), what)
    if isinstance(values, str | bytes | dict) or not hasattr(values, "__iter__"):
        raise InvalidInputError(
            f"{what} must be a list, array or Series, got {type(values).__name__}"
        )
    return list(values)


def _check_decimal(dec: Decimal, what: str, text: str) -> None:
    """Refuse a decimal whose exact value has too many digits (``1e999999999``) before it is
    expanded."""
    _, digits, exponent = dec.as_tuple()
    assert isinstance(exponent, int)
    if dec.is_zero():
        return
    size = len(digits) + abs(exponent)
    if size > MAX_DIGITS:
        raise _refuse(what, _shown(text), size)


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

    Raises
    ------
    NumberTooLongError
        If the common denominator or a scaled value would have more than :data:`MAX_DIGITS`
        digits (e.g. ``1e400`` together with ``1e-700``).
    """
    scale = 1
    for v in values:
        scale = math.lcm(scale, v.denominator)
        if scale.bit_length() > _MAX_BITS:
            check_digits(scale, what="the common denominator of the values")
    ints = [int(v * scale) for v in values]
    if scale > 1:
        for i in ints:
            check_digits(i, what="a value scaled to whole numbers")
    return ints, Fraction(scale)


def int_text(value: int) -> str:
    """``str(value)`` for integers of any size: Python refuses to write integers of more than
    4,300 digits (``sys.get_int_max_str_digits``), and exact counts of thousands of members
    have more; the digits are written in halves that each stay under that limit.

    >>> int_text(-(10**5000)) == "-1" + "0" * 5000
    True
    """
    if value < 0:
        return "-" + int_text(-value)
    if value.bit_length() < 13_000:  # under 3,914 digits
        return str(value)
    half = (value.bit_length() * 3 // 10) // 2  # about half of the digits
    high, low = divmod(value, 10**half)
    return int_text(high) + int_text(low).rjust(half, "0")


def strict_json(data: Any) -> Any:
    """``data`` made valid strict JSON (RFC 8259 has no ``NaN`` or ``Infinity``): a float that
    is not finite (a ratio or share beyond the range of floats, e.g. for a weight of ``1e999``)
    becomes ``null``, and its dictionary gains ``"<key>_exact"`` with the value as text
    (``"inf"``, ``"-inf"``, ``"nan"``) unless it already holds the exact value there.

    >>> strict_json({"ratio": float("inf"), "ratio_exact": "10**999", "xs": [float("nan"), 1.5]})
    {'ratio': None, 'ratio_exact': '10**999', 'xs': [None, 1.5]}
    >>> strict_json({"ratio": -float("inf")})
    {'ratio': None, 'ratio_exact': '-inf'}
    """
    if isinstance(data, float):
        return data if math.isfinite(data) else None
    if isinstance(data, dict):
        out: dict[Any, Any] = {}
        for key, value in data.items():
            out[key] = strict_json(value)
            if isinstance(value, float) and not math.isfinite(value):
                exact = f"{key}_exact"
                if exact not in data:
                    out[exact] = str(value)
        return out
    if isinstance(data, list | tuple):
        return [strict_json(v) for v in data]
    return data


def format_fraction(value: Fraction) -> str:
    """Write an exact value as ``"p/q"`` (or ``"p"`` when whole)."""
    if value.denominator == 1:
        return int_text(value.numerator)
    return f"{int_text(value.numerator)}/{int_text(value.denominator)}"


def to_float(value: int | float | Fraction) -> float:
    """``float(value)``, but ``inf`` (with the sign) instead of an ``OverflowError`` for exact
    values beyond the largest float (about ``1.8e308``).

    >>> to_float(Fraction(1, 3)), to_float(-(10**400)), to_float(Fraction(1, 10**400))
    (0.3333333333333333, -inf, 0.0)
    """
    try:
        return float(value)
    except OverflowError:
        return math.inf if value > 0 else -math.inf


def format_significant(value: int | Fraction, places: int = 4) -> str:
    """An exact value for reading: ``places`` decimals when it is of ordinary size, else
    scientific notation computed exactly, so huge and tiny values neither overflow nor show
    as zero.

    >>> format_significant(Fraction(2, 3)), format_significant(Fraction(10**400, 3), 3)
    ('0.6667', '3.333e+399')
    >>> format_significant(Fraction(1, 10**30)), format_significant(0)
    ('1.0000e-30', '0.0000')
    """
    value = Fraction(value)
    if value == 0 or Fraction(1, 10**places) <= abs(value) < 10**15:
        return f"{float(value):.{places}f}"
    with localcontext() as ctx:
        ctx.prec = places + 2
        ctx.Emax, ctx.Emin = 10**9, -(10**9)
        dec = Decimal(value.numerator) / Decimal(value.denominator)
    return f"{dec:.{places}e}"
