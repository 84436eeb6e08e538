"""Reading bodies from text: ``[q; w1, ...]`` notation, ``Name:weight`` lists and CSV files.

Scenario files (YAML/JSON) are read by :mod:`powershare.games.scenario`; :func:`load_game`
dispatches between all input forms.
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

from powershare.errors import ParseError
from powershare.games.fileformat import read_text_file
from powershare.games.weighted import WeightedGame

__all__ = ["parse_notation", "parse_member_list", "read_csv", "parse_csv_text"]

_NOTATION_RE = re.compile(r"^\s*\[\s*(?P<quota>[^;\]]+?)\s*;\s*(?P<weights>[^\]]*)\]\s*$")


def parse_notation(text: str, names: list[str] | None = None) -> WeightedGame:
    """Read ``[q; w1, w2, ...]`` (e.g. ``[12; 4,4,4,2,2,1]`` or ``[2/3; 30%, 30%, 40%]``).

    The quota may be any form accepted by :func:`powershare.games.quota.parse_quota`; weights
    may be integers, decimals, fractions or percentages.

    Raises
    ------
    ParseError
        If the text is not in the notation.
    """
    match = _NOTATION_RE.match(text)
    if not match:
        raise ParseError(
            f"{text!r} is not in the notation [quota; w1, w2, ...], e.g. [12; 4,4,4,2,2,1]"
        )
    parts = [p.strip() for p in match.group("weights").split(",")]
    if parts == [""]:
        raise ParseError(f"{text!r} lists no weights; give at least one after the ';'")
    for i, p in enumerate(parts):
        if not p:
            raise ParseError(f"{text!r}: weight {i + 1} is empty (two commas in a row?)")
    return WeightedGame.from_values(parts, match.group("quota"), names)


def parse_member_list(text: str, quota: object) -> WeightedGame:
    """Read ``Name:weight`` pairs separated by commas, semicolons or new lines.

    Example: ``"France:4, Germany:4, Italy:4, Belgium:2, Netherlands:2, Luxembourg:1"``.

    Raises
    ------
    ParseError
        If an item is not ``name:weight``.
    """
    items = [item.strip() for item in re.split(r"[,;\n]", text) if item.strip()]
    names: list[str] = []
    weights: list[str] = []
    for item in items:
        name, sep, weight = item.rpartition(":")
        if not sep or not name.strip() or not weight.strip():
            raise ParseError(f"item {item!r} is not of the form Name:weight (e.g. France:4)")
        names.append(name.strip())
        weights.append(weight.strip())
    if not names:
        raise ParseError("the member list is empty; give items like France:4, Germany:4")
    return WeightedGame.from_values(weights, quota, names)


def parse_csv_text(text: str, quota: object, *, source: str = "CSV") -> WeightedGame:
    """Read a body from CSV text with a header row containing ``name`` and ``weight`` columns.

    Column names are matched case-insensitively; other columns are ignored.

    Raises
    ------
    ParseError
        If the header lacks a column or a row is malformed; the message gives the line.
    """
    reader = csv.reader(io.StringIO(text))
    rows = [row for row in reader if any(cell.strip() for cell in row)]
    if not rows:
        raise ParseError(
            f"{source} is empty; expected a header 'name,weight' and one row per member"
        )
    header = [cell.strip().lower() for cell in rows[0]]
    try:
        name_col = header.index("name")
        weight_col = header.index("weight")
    except ValueError:
        raise ParseError(
            f"{source}: header {rows[0]!r} needs columns 'name' and 'weight'"
        ) from None
    names: list[str] = []
    weights: list[str] = []
    for line_no, row in enumerate(rows[1:], start=2):
        if len(row) <= max(name_col, weight_col):
            raise ParseError(f"{source}, line {line_no}: {row!r} has too few columns")
        names.append(row[name_col].strip())
        weights.append(row[weight_col].strip())
    if not names:
        raise ParseError(f"{source} has a header but no members")
    return WeightedGame.from_values(weights, quota, names)


def read_csv(path: str | Path, quota: object) -> WeightedGame:
    """Read a body from a CSV file (see :func:`parse_csv_text`); the quota must be given."""
    return parse_csv_text(read_text_file(path), quota, source=str(path))
