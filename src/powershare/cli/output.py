"""Machine-readable output of every command: ``--json`` and ``--csv``.

Both keep every count exact for the programs that read them (docs/input.md, "Output for other
programs"):

* JSON: an integer beyond 2^53 (9,007,199,254,740,992, the largest that a double, and so
  JavaScript, R's ``jsonlite`` or a spreadsheet, holds exactly) is written as a string of its
  digits;
* CSV: in a column holding such an integer, the integer is written in scientific notation
  (visibly rounded, 17 significant digits), and the column is followed by ``<name>_exact``
  with every digit, like the ``<index>_exact`` fraction columns beside the floats.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal
from fractions import Fraction
from typing import Any

__all__ = ["SAFE_INTEGER", "big_integer", "csv_text", "emit", "exact_json", "json_text"]

SAFE_INTEGER = 2**53
"""Integers of at most this size are exact in a double (IEEE 754 binary64)."""


def big_integer(value: object) -> str | None:
    """The digits of an integer (an ``int`` or a string of digits) beyond :data:`SAFE_INTEGER`,
    else ``None``.

    >>> big_integer(2**53), big_integer(2**53 + 1), big_integer("-123456789012345678")
    (None, '9007199254740993', '-123456789012345678')
    >>> big_integer(True), big_integer("12.5")
    (None, None)
    """
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return _digits(value) if abs(value) > SAFE_INTEGER else None
    if isinstance(value, str):
        digits = value.removeprefix("-")
        plain = digits.isascii() and digits.isdigit()
        if plain and (len(digits) > 16 or (len(digits) == 16 and int(digits) > SAFE_INTEGER)):
            return value
    return None


def _digits(value: int) -> str:
    """Every digit, also past Python's 4,300-digit limit of ``str(int)``."""
    from powershare.games.numbers import int_text

    return int_text(value)


def exact_json(data: Any) -> Any:
    """``data`` with every integer beyond :data:`SAFE_INTEGER` as a string of its digits (and
    exact fractions as integers or ``"p/q"``).

    >>> exact_json({"coalitions": 2**60, "members": 60, "share": Fraction(1, 3)})
    {'coalitions': '1152921504606846976', 'members': 60, 'share': '1/3'}
    >>> exact_json([2**53, -(2**54), 2.5])
    [9007199254740992, '-18014398509481984', 2.5]
    """
    if isinstance(data, bool):
        return data
    if isinstance(data, int):
        return _digits(data) if abs(data) > SAFE_INTEGER else data
    if isinstance(data, Fraction):
        return exact_json(data.numerator) if data.denominator == 1 else f"{data}"
    if isinstance(data, dict):
        return {key: exact_json(value) for key, value in data.items()}
    if isinstance(data, list | tuple):
        return [exact_json(value) for value in data]
    return data


def _strict(data: Any) -> Any:
    """No NaN or infinity in strict JSON (see :func:`powershare.games.numbers.strict_json`)."""
    from powershare.games.numbers import strict_json

    return strict_json(data)


def json_text(data: Any, *, indent: int | None = 2) -> str:
    """Strict JSON (no NaN or infinity) with big integers as strings (:func:`exact_json`)."""
    return json.dumps(exact_json(_strict(data)), indent=indent, ensure_ascii=False, allow_nan=False)


def _cell(value: object) -> object:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Fraction):
        from powershare.games.numbers import format_fraction

        return format_fraction(value)
    if isinstance(value, int) and not isinstance(value, bool):
        return _digits(value)
    if isinstance(value, list | tuple):  # [["A", "B"], ["C"]] -> "A+B; C"
        return "; ".join(
            "+".join(map(str, v)) if isinstance(v, list | tuple) else str(_cell(v)) for v in value
        )
    return value


def _flat(row: Mapping[str, object], prefix: str = "") -> dict[str, object]:
    """Nested mappings as columns ``outer.inner``."""
    out: dict[str, object] = {}
    for key, value in row.items():
        if isinstance(value, Mapping):
            out.update(_flat(value, f"{prefix}{key}."))
        else:
            out[f"{prefix}{key}"] = value
    return out


def csv_text(rows: Iterable[Mapping[str, object]], fieldnames: Sequence[str] | None = None) -> str:
    """CSV with a header; the columns are ``fieldnames`` or the keys of the rows in order
    (nested mappings flattened to ``outer.inner``; lists joined by ``"; "``, lists of lists
    such as coalitions as ``"A+B; C"``).

    In a column holding an integer beyond :data:`SAFE_INTEGER`, such integers are written in
    scientific notation, and ``<column>_exact`` follows with the digits:

    >>> print(csv_text([{"name": "A", "swings": 2**60}, {"name": "B", "swings": 3}]), end="")
    name,swings,swings_exact
    A,1.1529215046068470e+18,1152921504606846976
    B,3,3
    >>> print(csv_text([{"name": "A", "share": Fraction(1, 3), "blocs": ["X", "Y"]}]), end="")
    name,share,blocs
    A,1/3,X; Y
    """
    rows = [_flat(row) for row in rows]
    keys: list[str] = list(fieldnames or ())
    if fieldnames is None:
        for row in rows:
            keys.extend(k for k in row if k not in keys)
    big = {k for k in keys if any(big_integer(row.get(k)) is not None for row in rows)}
    header: list[str] = []
    for key in keys:
        header.append(key)
        if key in big and f"{key}_exact" not in keys:
            header.append(f"{key}_exact")
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    for row in rows:
        cells: list[object] = []
        for key in keys:
            value = row.get(key)
            if key not in big:
                cells.append(_cell(value))
                continue
            digits = "" if value is None else str(_cell(value))
            shown = f"{Decimal(digits):.16e}" if big_integer(value) is not None else digits
            cells.append(shown)
            if f"{key}_exact" not in keys:
                cells.append(digits)
        writer.writerow(cells)
    return out.getvalue()


def emit(data: Mapping[str, Any], *, as_json: bool, rows: str) -> None:
    """Print ``data`` as JSON, or as CSV of its list ``data[rows]`` (one row per member,
    party or rule)."""
    import typer

    records = data.get(rows) or []
    typer.echo(json_text(data) if as_json else csv_text(records), nl=as_json)
