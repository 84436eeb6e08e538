"""Reading bodies from text: ``[q; w1, ...]`` notation, ``Name:weight`` lists and CSV files.

Scenario files (YAML/JSON) are read by :mod:`powershare.games.scenario`; :func:`load_game`
dispatches between all input forms.
"""

from __future__ import annotations

import re
from pathlib import Path

from powershare.errors import ParseError
from powershare.games.columns import NamedValues, parse_inline, parse_table
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
    return _game(parse_inline(text), quota)


def parse_csv_text(text: str, quota: object, *, source: str = "CSV") -> WeightedGame:
    """Read a body from CSV text: one row per member with a name and a weight.

    Comma, semicolon or tab separated; the header row (optional) names the columns
    (case-insensitively): the name column (``name``, ``member``, ``party``, ``state``...) and the
    weight column (``weight``, else ``seats``, ``votes``, ``population``, ``value``, else the
    first numeric column).  Other columns are ignored.  See
    :func:`powershare.games.columns.parse_table`.

    Raises
    ------
    ParseError
        If a column is missing or a row is malformed; the message gives the line.
    """
    return _game(parse_table(text, source=source), quota)


def read_csv(path: str | Path, quota: object) -> WeightedGame:
    """Read a body from a CSV file (see :func:`parse_csv_text`); the quota must be given."""
    return parse_csv_text(read_text_file(path), quota, source=str(path))


def _game(table: NamedValues, quota: object) -> WeightedGame:
    return WeightedGame.from_values(table.numbers(what="weight"), quota, list(table.names))
