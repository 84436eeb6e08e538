"""Reading units (name and population or votes) from CSV files.

The file is read by the one reader of names and numbers,
:func:`powershare.games.columns.parse_table`: comma, semicolon or tab separated, with a header
row.  The name and value columns are detected when not given: the name column is the first
of ``name, unit, state, party, province, ...`` present, else the first non-numeric column; the
value column is ``population``, ``votes`` or ``value`` if present, else the single numeric
column whose header mentions an apportionment population, a population or votes.  Ambiguity is
an error that lists the candidates.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path

from powershare.apportion._values import to_nonnegative
from powershare.errors import InvalidInputError, ParseError
from powershare.games.columns import NAME_COLUMNS, parse_table
from powershare.games.fileformat import read_text_file

__all__ = ["NAME_COLUMNS", "UnitTable", "read_units_csv"]


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


def read_units_csv(
    path: str | Path, name_col: str | None = None, value_col: str | None = None
) -> UnitTable:
    """Read units from a CSV file with a header row.

    Parameters
    ----------
    path
        The CSV file (UTF-8, optional BOM; comma, semicolon or tab separated).
    name_col, value_col
        Column names to use; detected when ``None``.

    Raises
    ------
    ParseError
        If the file is missing or empty, a column is missing or ambiguous, a name is empty
        or repeated, or a value is not a non-negative number (the message names the file,
        the line and the value).
    """
    source = str(path)
    table = parse_table(
        read_text_file(path),
        source=source,
        name_col=name_col,
        value_col=value_col,
        prefer=("population", "votes", "value"),
        words=(("apportionment",), ("population", "pop", "vote")),
        header=True,
    )
    values: list[Fraction] = []
    for i, (name, raw) in enumerate(table.pairs()):
        try:
            values.append(to_nonnegative(raw, f"{table.where(i)} ({name}), {table.value_col!r}"))
        except InvalidInputError as exc:
            raise ParseError(str(exc)) from None
    value_col = table.value_col or "value"
    label = "votes" if "vote" in value_col.lower() else "population"
    return UnitTable(
        table.names,
        tuple(values),
        label,
        table.name_col or "name",
        value_col,
        table.columns,
    )
