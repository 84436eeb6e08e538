"""One home for how results look in Python, pandas and Jupyter.

Every result of powershare describes itself as a :class:`TableData` (one row per member, unit
or rule) and a one-line summary; the :class:`Displayable` mixin turns those into

* a short ``repr`` (``PowerTable(51 members, indices banzhaf, shapley; exact)``), whatever the
  size of the body;
* ``_repr_html_``: an HTML table for Jupyter, escaped, showing the first and last rows of a
  long table;
* ``to_pandas()``: a :class:`pandas.DataFrame` in which nothing is rounded silently: a column
  of exact fractions stays exact (``object`` dtype holding :class:`~fractions.Fraction`) and is
  followed by ``<column>_float``, its float64 reading; integer counts too large for ``int64``
  stay Python ints in an ``object`` column.

Plots draw with matplotlib's object API (:func:`new_axes`): on the axes given, or on a new
:class:`matplotlib.figure.Figure`; never through ``pyplot``, never touching the backend or
``rcParams``.  pandas and matplotlib are optional: they are imported only inside the functions
that need them, through :func:`powershare.errors.import_optional`.

>>> t = TableData("member", ("A", "B"), (("power", (Fraction(2, 3), Fraction(1, 3))),))
>>> print(html_table(t).splitlines()[1])
<thead><tr><th>member</th><th>power</th></tr></thead>
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, fields
from fractions import Fraction
from typing import Any

from powershare.errors import import_optional
from powershare.games.numbers import format_significant, int_text, to_float

__all__ = [
    "Displayable",
    "HTML_ROWS",
    "TableData",
    "bar_plot",
    "member_table",
    "rows_table",
    "html_table",
    "new_axes",
    "plural",
    "short_text",
    "to_dataframe",
    "whole_if_possible",
]

HTML_ROWS = 20
"""The most rows an HTML table shows; a longer one shows its first and last rows."""

_INT64 = 2**63


@dataclass(frozen=True)
class TableData:
    """A result as a table: row labels and named columns of equal length.

    Attributes
    ----------
    index_name
        What a row is (``"member"``, ``"unit"``, ``"rule"``).
    index
        The row labels.
    columns
        ``(name, values)`` pairs; values are ints, Fractions, floats, text, booleans or ``None``.
    """

    index_name: str
    index: Sequence[object]
    columns: Sequence[tuple[str, Sequence[object]]]


def member_table(
    names: Sequence[str],
    flags: Mapping[str, Collection[int]] | None = None,
    values: Mapping[str, Sequence[object]] | None = None,
) -> TableData:
    """One row per member: a boolean column per ``flags`` entry (whether the member's position
    is in the collection), then the ``values`` columns.

    >>> member_table(["A", "B"], {"veto": (0,)}, {"share": [1, 0]}).columns
    (('veto', (True, False)), ('share', [1, 0]))
    """
    columns: list[tuple[str, Sequence[object]]] = [
        (key, tuple(i in set(members) for i in range(len(names))))
        for key, members in (flags or {}).items()
    ]
    columns += list((values or {}).items())
    return TableData("member", tuple(names), tuple(columns))


def rows_table(rows: Sequence[Any], index: str = "name", index_name: str = "member") -> TableData:
    """A table of dataclass instances, one row each: the ``index`` field labels the rows, every
    other field of the first row's class is a column (values kept exact).

    >>> from dataclasses import dataclass, fields
    >>> @dataclass
    ... class Row:
    ...     name: str
    ...     share: Fraction
    >>> rows_table([Row("A", Fraction(1, 2))]).columns
    (('share', (Fraction(1, 2),)),)
    """
    keys = [f.name for f in fields(rows[0]) if f.name != index] if rows else []
    columns = tuple((k, tuple(getattr(r, k) for r in rows)) for k in keys)
    return TableData(index_name, tuple(getattr(r, index) for r in rows), columns)


def whole_if_possible(values: Sequence[Fraction]) -> Sequence[object]:
    """The values as ints when every one is whole (e.g. weights), else unchanged.

    >>> whole_if_possible([Fraction(2), Fraction(4)]), whole_if_possible([Fraction(1, 2)])
    ([2, 4], [Fraction(1, 2)])
    """
    return [int(v) for v in values] if all(v.denominator == 1 for v in values) else values


def plural(count: int, word: str) -> str:
    """``"1 member"``, ``"51 members"``.

    >>> plural(1, "member"), plural(51, "member")
    ('1 member', '51 members')
    """
    return f"{count:,} {word}{'' if count == 1 else 's'}"


def short_text(value: object, width: int = 24) -> str:
    """A cell as short text: Fractions to 4 significant places, long integers and texts cut in
    the middle (with their length), everything else as ``str``.

    >>> short_text(Fraction(1, 3)), short_text(10**40), short_text(None)
    ('0.3333', '1000000000…0000000000 (41 digits)', '')
    """
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int):
        text = int_text(value)
        if len(text) > width:
            return f"{text[:10]}…{text[-10:]} ({len(text.lstrip('-')):,} digits)"
        return text
    if isinstance(value, Fraction):
        return short_text(value.numerator) if value.denominator == 1 else format_significant(value)
    if isinstance(value, float):
        return f"{value:.4g}"
    text = str(value)
    return text if len(text) <= 2 * width else text[: width - 1] + "…" + text[-width:]


def _shown_rows(n: int, limit: int) -> list[int | None]:
    """Row positions to show (``None`` marks the gap): all of them, or the first and last."""
    if n <= limit:
        return list(range(n))
    head = limit - limit // 4
    return [*range(head), None, *range(n - (limit - head), n)]


def html_table(table: TableData, caption: str = "", limit: int = HTML_ROWS) -> str:
    """The table as escaped HTML, with at most ``limit`` rows (the first and last ones, and a
    row saying how many are left out)."""
    import html  # on use: 3 ms (start-up)

    esc = html.escape
    head = "".join(f"<th>{esc(name)}</th>" for name in (table.index_name, *dict(table.columns)))
    lines = ["<table>"]
    if caption:
        lines.insert(1, f"<caption>{esc(caption)}</caption>")
    lines.append(f"<thead><tr>{head}</tr></thead>")
    lines.append("<tbody>")
    n = len(table.index)
    for i in _shown_rows(n, limit):
        if i is None:
            span = len(table.columns) + 1
            left = n - limit
            lines.append(f'<tr><td colspan="{span}">… {esc(plural(left, "row"))} …</td></tr>')
            continue
        cells = [f"<th>{esc(short_text(table.index[i]))}</th>"]
        cells += [f"<td>{esc(short_text(values[i]))}</td>" for _, values in table.columns]
        lines.append(f"<tr>{''.join(cells)}</tr>")
    lines.append("</tbody></table>")
    return "\n".join(lines)


def _pandas_columns(name: str, values: Sequence[object]) -> list[tuple[str, Any, str | None]]:
    """``(name, values, dtype)`` for one column: exact fractions (even whole ones: a column's
    dtypes do not depend on its values) keep an ``object`` column and gain ``<name>_float``;
    integers past int64 stay Python ints."""
    present = [v for v in values if v is not None]
    exact = all(isinstance(v, Fraction | int) and not isinstance(v, bool) for v in present)
    if present and exact and any(isinstance(v, Fraction) for v in present):
        floats = [float("nan") if v is None else to_float(v) for v in values]  # type: ignore[arg-type]
        return [(name, list(values), "object"), (f"{name}_float", floats, "float64")]
    if present and all(isinstance(v, int) and not isinstance(v, bool) for v in present):
        small = len(present) == len(values) and all(-_INT64 <= v < _INT64 for v in present)  # type: ignore[operator]
        return [(name, list(values), "int64" if small else "object")]
    if present and all(isinstance(v, float | int) and not isinstance(v, bool) for v in present):
        return [(name, [float("nan") if v is None else v for v in values], "float64")]
    return [(name, list(values), None)]


def to_dataframe(table: TableData) -> Any:
    """The table as a :class:`pandas.DataFrame` indexed by its row labels (see the module
    docstring for the dtypes); needs the optional ``pandas``.

    >>> df = to_dataframe(TableData("m", ("A", "B"), (("v", (Fraction(1, 3), 2**70)),)))
    >>> df.dtypes.astype(str).to_dict(), df.loc["B", "v"] == 2**70
    ({'v': 'object', 'v_float': 'float64'}, True)
    """
    pd = import_optional("pandas", "to_pandas()")
    data: dict[str, Any] = {}
    for name, values in table.columns:
        for column, column_values, dtype in _pandas_columns(name, values):
            data[column] = pd.Series(column_values, dtype=dtype)
    frame = pd.DataFrame(data)
    frame.index = pd.Index(list(table.index), name=table.index_name)
    return frame


class Displayable:
    """Short ``repr``, ``_repr_html_`` and ``to_pandas`` from :meth:`table_data` and
    :meth:`short_summary` (a dataclass using it is declared with ``repr=False``)."""

    def table_data(self) -> TableData:
        """The result as a table (one row per member, unit or rule)."""
        raise NotImplementedError

    def short_summary(self) -> str:
        """The result in a few words, for the ``repr``."""
        raise NotImplementedError

    def to_pandas(self) -> Any:
        """The result as a :class:`pandas.DataFrame` (needs the optional ``pandas``): exact
        fractions in ``object`` columns, each followed by its ``<column>_float`` reading;
        integers beyond int64 kept exact."""
        return to_dataframe(self.table_data())

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.short_summary()})"

    def _repr_html_(self) -> str:
        return html_table(self.table_data(), repr(self))


def new_axes(ax: Any = None, figsize: tuple[float, float] = (6.4, 4.0)) -> Any:
    """``ax``, or the axes of a new :class:`matplotlib.figure.Figure` made with the object API
    (not ``pyplot``: no global figure, backend or style is touched).

    Raises
    ------
    MissingExtraError
        When matplotlib is not installed (``pip install 'powershare[plots]'``).
    """
    if ax is not None:
        return ax
    figure = import_optional("matplotlib.figure", "plots")
    return figure.Figure(figsize=figsize).add_subplot()


def bar_plot(
    names: Sequence[str],
    series: Sequence[tuple[str, Sequence[float]]],
    ax: Any = None,
    xlabel: str = "share (%)",
) -> Any:
    """Horizontal bars, one group per member (first on top), one bar per ``(label, shares)``
    series, shares drawn as percentages; on ``ax`` or a new figure (:func:`new_axes`, tall
    enough for every member). Returns the axes."""
    n, k = len(names), max(1, len(series))
    ax = new_axes(ax, (6.4, max(2.5, 0.22 * n * min(k, 3) + 1.2)))
    height = 0.8 / k
    for j, (label, values) in enumerate(series):
        offsets = [i - 0.4 + height * (j + 0.5) for i in range(n)]
        ax.barh(offsets, [100 * v for v in values], height=height, label=label)
    ax.set_yticks(range(n), list(names))
    ax.set_ylim(n - 0.5, -0.5)
    ax.set_xlabel(xlabel)
    if len(series) > 1:
        ax.legend(frameon=False)
    return ax
