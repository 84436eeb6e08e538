"""Reading units (name and population or votes) from CSV files.

The name and value columns are detected when not given: the name column is the first
of ``name, unit, state, party, province, ...`` present, else the first non-numeric
column; the value column is ``population``, ``votes`` or ``value`` if present, else the
single numeric column whose header mentions an apportionment population, a population
or votes.  Ambiguity is an error that lists the candidates.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path

from powershare.apportion._values import to_fraction, to_nonnegative
from powershare.errors import InvalidInputError
from powershare.games.fileformat import read_text_file

NAME_COLUMNS = (
    "name",
    "unit",
    "state",
    "party",
    "province",
    "country",
    "region",
    "district",
    "community",
    "list",
    "member",
)


@dataclass(frozen=True)
class UnitTable:
    """Units read from a file, with the columns used and all raw columns."""

    names: tuple[str, ...]
    values: tuple[Fraction, ...]
    value_label: str
    name_col: str
    value_col: str
    columns: dict[str, list[str]] = field(default_factory=dict)

    def pairs(self) -> list[tuple[str, Fraction]]:
        """``(name, value)`` pairs for :func:`~powershare.apportion.apportion`."""
        return list(zip(self.names, self.values, strict=True))

    def column_numbers(self, column: str) -> dict[str, int]:
        """A whole-number column (e.g. seats won elsewhere) by unit name."""
        if column not in self.columns:
            raise InvalidInputError(
                f"column {column!r} is not in the file; allowed: {', '.join(self.columns)}"
            )
        out: dict[str, int] = {}
        for row, (name, raw) in enumerate(zip(self.names, self.columns[column], strict=True)):
            what = f"row {row + 2} ({name}), column {column!r}"
            value = to_nonnegative(raw or "0", what)
            if value.denominator != 1:
                raise InvalidInputError(f"{what} is {raw!r}; allowed: a whole number")
            out[name] = int(value)
        return out


def _numeric(cells: list[str]) -> bool:
    filled = [c for c in cells if c.strip()]
    if not filled:
        return False
    try:
        for c in filled:
            to_fraction(c, "cell")
    except InvalidInputError:
        return False
    return True


def read_units_csv(
    path: str | Path, name_col: str | None = None, value_col: str | None = None
) -> UnitTable:
    """Read units from a CSV file with a header row.

    Parameters
    ----------
    path
        The CSV file (UTF-8, optional BOM).
    name_col, value_col
        Column names to use; detected when ``None``.

    Raises
    ------
    InvalidInputError
        If the file is missing or empty, a column is missing or ambiguous, a name is empty
        or repeated, or a value is not a non-negative number (the message names the row).
    """
    p = Path(path)
    if not p.is_file():
        raise InvalidInputError(f"file {str(p)!r} does not exist; allowed: a CSV file")
    rows = list(csv.reader(io.StringIO(read_text_file(p))))
    rows = [r for r in rows if any(c.strip() for c in r)]
    if len(rows) < 2:
        raise InvalidInputError(
            f"file {str(p)!r} has no data rows; allowed: a header row and one row per unit"
        )
    header = [h.strip() for h in rows[0]]
    body = rows[1:]
    for k, r in enumerate(body):
        if len(r) != len(header):
            raise InvalidInputError(
                f"row {k + 2} of {str(p)!r} has {len(r)} cells but the header has {len(header)}"
            )
    columns = {h: [r[j].strip() for r in body] for j, h in enumerate(header)}
    lower = {h.lower(): h for h in header}

    if name_col is None:
        name_col = next((lower[c] for c in NAME_COLUMNS if c in lower), None)
        if name_col is None:
            name_col = next((h for h in header if not _numeric(columns[h])), None)
        if name_col is None:
            raise InvalidInputError(
                f"no name column found in {str(p)!r}; allowed: give --name-col, one of "
                f"{', '.join(header)}"
            )
    elif name_col not in columns:
        raise InvalidInputError(
            f"name column {name_col!r} is not in the file; allowed: {', '.join(header)}"
        )

    if value_col is None:
        value_col = _detect_value_column(header, columns, name_col, str(p))
    elif value_col not in columns:
        raise InvalidInputError(
            f"value column {value_col!r} is not in the file; allowed: {', '.join(header)}"
        )

    names: list[str] = []
    values: list[Fraction] = []
    for k, (name, raw) in enumerate(zip(columns[name_col], columns[value_col], strict=True)):
        if not name:
            raise InvalidInputError(f"row {k + 2}: the name in column {name_col!r} is empty")
        if name in names:
            raise InvalidInputError(f"row {k + 2}: unit name {name!r} appears twice")
        names.append(name)
        values.append(to_nonnegative(raw, f"row {k + 2} ({name}), column {value_col!r}"))
    label = "votes" if "vote" in value_col.lower() else "population"
    return UnitTable(tuple(names), tuple(values), label, name_col, value_col, columns)


def _detect_value_column(
    header: list[str], columns: dict[str, list[str]], name_col: str, path: str
) -> str:
    numeric = [h for h in header if h != name_col and _numeric(columns[h])]
    for exact in ("population", "votes", "value"):
        for h in numeric:
            if h.lower() == exact:
                return h
    for words in (("apportionment",), ("population", "pop", "vote")):
        hits = [h for h in numeric if any(w in h.lower() for w in words)]
        if len(hits) == 1:
            return hits[0]
        if len(hits) > 1:
            raise InvalidInputError(
                f"several value columns in {path!r}: {', '.join(hits)}; allowed: choose one "
                "with --value-col"
            )
    if len(numeric) == 1:
        return numeric[0]
    raise InvalidInputError(
        f"cannot tell which column of {path!r} holds the population or votes "
        f"(numeric columns: {', '.join(numeric) or 'none'}); allowed: choose with --value-col"
    )
