"""Names and numbers: the one reader of "one name and one number per member" input.

Two forms are read:

* an inline list ``"A:1, B:2"`` (items separated by commas, semicolons or new lines;
  the number after the last ``:``);
* CSV text or a CSV file: comma, semicolon or tab separated (detected), with or without a
  header row (a first row whose value cell is not a number is a header), a name column and a
  value column chosen by name or detected.

Numbers are read exactly (:func:`powershare.games.numbers.parse_exact`).  The decimal mark and
the thousands separator of a column are detected from its cells (:func:`number_style`):
``12,5`` and ``1.234,5`` (decimal comma), ``1,234.5`` and ``1,234,567`` (thousands commas),
``1 234`` and ``1_234`` (spaces and underscores between groups of three digits).  A column whose
cells disagree is one error naming the cells; ``1,234`` alone reads as a thousands separator.
Every problem is one :class:`~powershare.errors.ParseError` naming the file, the line and the
value.

>>> t = read_named_values("A:3, B:2.5; C:1/2")
>>> t.names, t.numbers()
(('A', 'B', 'C'), (Fraction(3, 1), Fraction(5, 2), Fraction(1, 2)))
>>> t = parse_table("state;seats;population\\nX;3;\\"1,200\\"\\nY;1;400\\n", source="s.csv",
...                 prefer=("population",))
>>> t.value_col, t.values
('population', ('1200', '400'))
>>> parse_table("name;weight\\nA;12,5\\nB;1.000,25\\n", source="eu.csv").values
('12.5', '1000.25')
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path

from powershare.errors import InvalidInputError, ParseError
from powershare.games.base import validate_names
from powershare.games.fileformat import (
    MAX_MEMBERS,
    STDIN,
    STDIN_NAME,
    is_existing_path,
    read_text_file,
)
from powershare.games.numbers import NumberTooLongError, parse_exact

__all__ = [
    "NAME_COLUMNS",
    "NamedValues",
    "clean_number",
    "looks_like_inline",
    "number_style",
    "parse_inline",
    "parse_table",
    "read_named_values",
    "read_table",
]

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
    "member_state",
)
"""Header names taken as the name column (first found), case-insensitively."""

_SEPARATORS = (",", ";", "\t")
_SPACES = " \u00a0\u202f_"  # space, no-break space, narrow no-break space, underscore
_SPACE_GROUPS_RE = re.compile(r"[+-]?\d{1,3}([ \u00a0\u202f_]\d{3})+([.,]\d+)?")
_MARKS_RE = re.compile(r"[+-]?\d[\d.,]*")
_GROUPED_RE = {m: re.compile(rf"[+-]?\d{{1,3}}(\{m}\d{{3}})*") for m in ",."}
_TABLE_SUFFIXES = frozenset({".csv", ".tsv", ".txt", ".xlsx", ".xlsm"})


def _compact(text: str) -> str:
    """The cell without spaces or underscores between groups of three digits."""
    stripped = text.strip()
    if _SPACE_GROUPS_RE.fullmatch(stripped):
        return "".join(c for c in stripped if c not in _SPACES)
    return stripped.replace("_", "") if "_" in stripped else stripped


def _vote(cell: str) -> tuple[str | None, str | None]:
    """What one cell tells of its column's style: ``(decimal mark, thousands mark)``, each
    ``None`` when the cell does not tell (``1,234`` or ``1.234`` could be either)."""
    commas, dots = cell.count(","), cell.count(".")
    if commas and dots:
        decimal = "," if cell.rfind(",") > cell.rfind(".") else "."
        return decimal, "." if decimal == "," else ","
    for mark, count in ((",", commas), (".", dots)):
        if count > 1:
            return None, mark
        if count == 1:
            whole, _, frac = cell.lstrip("+-").partition(mark)
            if len(frac) != 3 or whole in ("", "0"):
                return mark, None
    return None, None


def number_style(cells: Sequence[str], *, where: Sequence[str] = ()) -> tuple[str, str]:
    """The decimal mark and the thousands separator of a column: ``(".", ",")`` or
    ``(",", ".")``, told by the cells that can only be read one way.

    ``12,5`` and ``1.234,5`` tell a decimal comma; ``12.5``, ``1,234.5`` and ``1,234,567`` a
    decimal point.  Without such a cell the decimal mark is the point (``1,234`` is 1234).

    >>> number_style(["12,5", "1,250"]), number_style(["1,250", "7"]), number_style(["0.5"])
    ((',', '.'), ('.', ','), ('.', ','))

    Raises
    ------
    ParseError
        When two cells disagree; the message names both (``where[i]`` says where cell ``i``
        is, e.g. ``"line 3"``).
    """
    told: dict[str, tuple[str, int]] = {}  # decimal mark -> (why, cell)
    for i, raw in enumerate(cells):
        cell = _compact(raw)
        if not _MARKS_RE.fullmatch(cell):
            continue
        decimal, thousands = _vote(cell)
        for mark in (decimal, None if thousands is None else "." if thousands == "," else ","):
            if mark is not None:
                told.setdefault(mark, ("", i))
    if len(told) > 1:
        (_, i), (_, j) = told[","], told["."]
        a, b = sorted((i, j))

        def at(k: int) -> str:
            return f"{cells[k]!r}" + (f" ({where[k]})" if k < len(where) else "")

        raise ParseError(
            f"the numbers {at(a)} and {at(b)} use ',' and '.' in opposite ways (decimal mark "
            "or thousands separator); write every number of a column the same way"
        )
    decimal = next(iter(told), ".")
    return decimal, "." if decimal == "," else ","


def clean_number(text: str, style: tuple[str, str] | None = None) -> str:
    """A cell with a decimal point and without thousands separators (other text unchanged).

    ``style`` is the column's ``(decimal mark, thousands separator)`` (see
    :func:`number_style`); by default the cell's own, with ``1,234`` read as 1234.

    >>> clean_number(" 1,234,567 "), clean_number("1,5"), clean_number("12.5")
    ('1234567', '1.5', '12.5')
    >>> clean_number("1 234,5"), clean_number("1,234", (",", ".")), clean_number("3/4")
    ('1234.5', '1.234', '3/4')

    Raises
    ------
    ParseError
        When the cell cannot be read in ``style`` (``1.234,5`` in a column of decimal points).
    """
    stripped = text.strip()
    cell = _compact(stripped)
    if not _MARKS_RE.fullmatch(cell):
        return stripped
    decimal, thousands = style if style is not None else number_style([cell])
    whole, mark, frac = cell.rpartition(decimal) if decimal in cell else (cell, "", "")
    grouped = thousands not in whole or _GROUPED_RE[thousands].fullmatch(whole)
    if thousands in frac or decimal in whole or not grouped:
        raise ParseError(
            f"{stripped!r} is not a number written with {decimal!r} as the decimal mark and "
            f"{thousands!r} between groups of three digits (as the other numbers of its column)"
        )
    return whole.replace(thousands, "") + ("." + frac if mark else "")


def _is_number(cell: str) -> bool:
    if _MARKS_RE.fullmatch(_compact(cell)):
        return True
    try:
        parse_exact(cell.strip())
    except NumberTooLongError:
        return True  # a number all the same: refused with its member and line later
    except InvalidInputError:
        return False
    return True


@dataclass(frozen=True)
class NamedValues:
    """Names with one value each, and where they came from.

    Attributes
    ----------
    names
        Member names, in order (non-empty, distinct).
    values
        The value cells as text (stripped, thousands separators removed).
    lines
        The 1-based line of each member in the input (``0`` for inline lists).
    source
        The file name (or ``"member list"``), for messages.
    name_col, value_col
        The header names of the columns used (``None`` without a header).
    columns
        Every column of a CSV with a header: header name -> cells (stripped).
    """

    names: tuple[str, ...]
    values: tuple[str, ...]
    lines: tuple[int, ...]
    source: str
    name_col: str | None = None
    value_col: str | None = None
    columns: dict[str, list[str]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        validate_names(self.names, len(self.names))  # the one names policy (UTF-8 included)

    def where(self, i: int) -> str:
        """``"file.csv, line 3"`` (or the source alone for inline lists)."""
        return f"{self.source}, line {self.lines[i]}" if self.lines[i] else self.source

    def number(self, i: int, *, allow_percent: bool = True, what: str = "value") -> Fraction:
        """The exact value of member ``i``.

        Raises
        ------
        ParseError
            Naming the file, the line, the member and the value.
        """
        try:
            return parse_exact(
                self.values[i], what=f"{what} of {self.names[i]!r}", allow_percent=allow_percent
            )
        except ParseError:
            raise
        except InvalidInputError as exc:
            raise ParseError(f"{self.where(i)}: {exc}") from None

    def numbers(self, *, allow_percent: bool = True, what: str = "value") -> tuple[Fraction, ...]:
        """Every value, exactly (see :meth:`number`)."""
        return tuple(
            self.number(i, allow_percent=allow_percent, what=what) for i in range(len(self.names))
        )

    def pairs(self) -> list[tuple[str, str]]:
        """``(name, value text)`` pairs."""
        return list(zip(self.names, self.values, strict=True))


def _checked_names(names: Sequence[str], lines: Sequence[int], source: str) -> None:
    seen: set[str] = set()
    for name, line in zip(names, lines, strict=True):
        where = f"{source}, line {line}" if line else source
        if not name:
            raise ParseError(f"{where}: a member has an empty name; give every member a name")
        if name in seen:
            raise ParseError(f"{where}: duplicate member name {name!r}; names must be distinct")
        seen.add(name)


def looks_like_inline(text: str) -> bool:
    """Whether ``text`` reads as an inline ``Name:value`` list rather than a file name."""
    return ":" in text and not is_existing_path(text)


def parse_inline(text: str, *, source: str = "member list") -> NamedValues:
    """Read ``"A:1, B:2"`` (items separated by ``,``, ``;`` or new lines).

    Raises
    ------
    ParseError
        If an item is not ``Name:value`` or the list is empty.
    """
    names: list[str] = []
    values: list[str] = []
    for item in (part.strip() for part in re.split(r"[,;\n]", text)):
        if not item:
            continue
        name, sep, value = item.rpartition(":")
        if not sep or not name.strip() or not value.strip():
            raise ParseError(f"item {item!r} is not of the form Name:value (e.g. France:4)")
        names.append(name.strip())
        values.append(clean_number(value))
    if not names:
        raise ParseError(f"{source} is empty; give items like France:4, Germany:4")
    _checked_names(names, [0] * len(names), source)
    return NamedValues(tuple(names), tuple(values), (0,) * len(names), source)


def _separator(lines: list[str]) -> str:
    """The separator used by every line: the one of ``, ; tab`` whose count is steadiest."""
    best, best_score = ",", -1
    for sep in _SEPARATORS:
        counts = [len(next(csv.reader([line], delimiter=sep))) - 1 for line in lines[:20]]
        if not counts or min(counts) == 0:
            continue
        score = min(counts) * 10 - (max(counts) - min(counts))
        if score > best_score:
            best, best_score = sep, score
    return best


def read_table(text: str, *, source: str) -> tuple[list[str], list[list[str]], list[int]]:
    """The rows of CSV text (separator detected) and the 1-based line of each row.

    Blank rows are dropped; cells are stripped.

    Raises
    ------
    ParseError
        If the text has more rows than :data:`~powershare.games.fileformat.MAX_MEMBERS` (plus a
        header), counted before the CSV is parsed.
    """
    if text.count("\n") > MAX_MEMBERS:
        count = sum(1 for line in text.splitlines() if line.strip())
        if count > MAX_MEMBERS + 1:
            raise ParseError(
                f"{source} has {count:,} rows; bodies are limited to {MAX_MEMBERS:,} members "
                "(one row each, after a header)"
            )
    raw_lines = text.splitlines()
    sep = _separator([line for line in raw_lines if line.strip()])
    rows: list[list[str]] = []
    numbers: list[int] = []
    reader = csv.reader(io.StringIO(text), delimiter=sep)
    try:
        for row in reader:
            if any(cell.strip() for cell in row):
                rows.append([cell.strip() for cell in row])
                numbers.append(reader.line_num)
    except csv.Error as exc:
        raise ParseError(f"{source}, line {reader.line_num}: not valid CSV ({exc})") from None
    if not rows:
        raise ParseError(f"{source} is empty; expected one row per member (name and value)")
    return rows[0], rows[1:], numbers


def _pick(
    header: list[str],
    columns: dict[str, list[str]],
    name_col: str,
    prefer: Sequence[str],
    words: Sequence[Sequence[str]],
    source: str,
) -> str:
    numeric = [h for h in header if h != name_col and all(_is_number(c) for c in columns[h] if c)]
    numeric = [h for h in numeric if any(columns[h])]
    for wanted in prefer:
        for h in header:
            if h.lower() == wanted.lower() and h != name_col:
                return h
    for group in words:
        hits = [h for h in numeric if any(w in h.lower() for w in group)]
        if len(hits) == 1:
            return hits[0]
        if len(hits) > 1:
            raise ParseError(
                f"several value columns in {source}: {', '.join(hits)}; choose one "
                "(--value-col / --column)"
            )
    if len(numeric) == 1:
        return numeric[0]
    if numeric and not words:
        return numeric[0]
    raise ParseError(
        f"cannot tell which column of {source} holds the values (numeric columns: "
        f"{', '.join(numeric) or 'none'}); choose one (--value-col / --column)"
    )


def parse_table(
    text: str,
    *,
    source: str = "CSV",
    name_col: str | None = None,
    value_col: str | None = None,
    prefer: Sequence[str] = ("weight", "seats", "votes", "population", "value"),
    words: Sequence[Sequence[str]] = (),
    header: bool | None = None,
) -> NamedValues:
    """Names and values from CSV text.

    Parameters
    ----------
    text
        The CSV text: comma, semicolon or tab separated (detected).
    source
        The file name, for messages.
    name_col, value_col
        Header names of the columns to use (case-insensitive); detected when ``None``: the name
        column is the first of :data:`NAME_COLUMNS` present, else the first column that is not
        numeric; the value column is the first of ``prefer`` present, else the single numeric
        column whose header contains one of a group of ``words`` (groups tried in order), else
        the only (without ``words``: the first) numeric column.
    header
        Whether the first row is a header; detected when ``None`` (it is when one of its cells
        after the first is not a number).  Without a header the name is the first column and
        the value the second.

    Raises
    ------
    ParseError
        Naming the file and the line: no rows, a missing or ambiguous column, a row with too
        many cells, an empty or repeated name.
    """
    first, body, lines = read_table(text, source=source)
    if header is None:
        header = name_col is not None or value_col is not None or len(first) < 2
        header = header or not all(_is_number(c) for c in first[1:] if c)
    if not header:
        body, first = [first, *body], [str(i) for i in range(len(first))]
        name_col, value_col = "0", "1"
    else:
        lines = lines[1:]
    if not body:
        raise ParseError(f"{source} has a header but no members; add one row per member")
    names_in = {h.lower(): h for h in first}
    for k, row in enumerate(body):
        if len(row) > len(first) and any(row[len(first) :]):
            raise ParseError(
                f"{source}, line {lines[k]}: {len(row)} cells but the header has {len(first)}"
            )
    columns = {h: [row[j] if j < len(row) else "" for row in body] for j, h in enumerate(first)}

    def column(wanted: str, what: str) -> str:
        found = names_in.get(wanted.lower())
        if found is None:
            raise ParseError(
                f"{what} column {wanted!r} is not in {source}; columns are {', '.join(first)}"
            )
        return found

    if name_col is not None:
        name_col = column(name_col, "name")
    else:
        name_col = next((names_in[c] for c in NAME_COLUMNS if c in names_in), None)
        if name_col is None:
            name_col = next((h for h in first if not all(_is_number(c) for c in columns[h])), None)
        if name_col is None:
            raise ParseError(
                f"no name column found in {source}; columns are {', '.join(first)} "
                "(choose one with --name-col)"
            )
    if value_col is not None:
        value_col = column(value_col, "value")
    else:
        value_col = _pick(first, columns, name_col, prefer, words, source)
    names = columns[name_col]
    _checked_names(names, lines, source)
    return NamedValues(
        tuple(names),
        _clean_column(columns[value_col], names, lines, source),
        tuple(lines),
        source,
        name_col if header else None,
        value_col if header else None,
        columns if header else {},
    )


def _clean_column(
    cells: Sequence[str], names: Sequence[str], lines: Sequence[int], source: str
) -> tuple[str, ...]:
    """The cells of a value column in one style (see :func:`number_style`)."""
    where = [f"{source}, line {line}" for line in lines]
    style = number_style(cells, where=where)
    out = []
    for cell, name, place in zip(cells, names, where, strict=True):
        try:
            out.append(clean_number(cell, style))
        except ParseError as exc:
            raise ParseError(f"{place}: the value of {name!r}: {exc}") from None
    return tuple(out)


def read_named_values(
    spec: str | Path,
    *,
    name_col: str | None = None,
    value_col: str | None = None,
    prefer: Sequence[str] = ("weight", "seats", "votes", "population", "value"),
    words: Sequence[Sequence[str]] = (),
    what: str = "file",
) -> NamedValues:
    """Names and values from an inline ``"A:1, B:2"`` list or a CSV file (see
    :func:`parse_inline` and :func:`parse_table`).

    A ``spec`` that names an existing file, or ends in ``.csv``/``.tsv``/``.txt``/``.xlsx``, is
    read as a file (a spreadsheet's first sheet; see
    :func:`~powershare.games.fileformat.read_text_file`), ``-`` reads CSV from standard input;
    otherwise it is an inline list.

    Raises
    ------
    ParseError
        One line naming the file, the line and the value.
    """
    text = str(spec)
    path = Path(text)
    if (
        isinstance(spec, Path)
        or text == STDIN
        or is_existing_path(path)
        or path.suffix.lower() in _TABLE_SUFFIXES
    ):
        return parse_table(
            read_text_file(path, what=what),
            source=STDIN_NAME if text == STDIN else text,
            name_col=name_col,
            value_col=value_col,
            prefer=prefer,
            words=words,
        )
    return parse_inline(text)
