"""The power-sharing audit in the terminal (rich).

Generic over the report's blocks (:mod:`powershare.audit.report_model`): every section of
:mod:`powershare.audit.sections` is shown, in order, without this module knowing any of them.
Tables show at most ``rows`` rows (``--rows``) and say how many more the report files have
(below the table, so that a narrow table does not wrap the line);
figures are left out (HTML only) and quoted documents show their title only.

No figure is ever cut: numbers (right-aligned columns) are neither wrapped nor shortened, text
wraps at spaces, and a table too wide for the terminal is shown as several tables, each
repeating the first column (the member) with as many other columns as fit.
"""

from __future__ import annotations

from typing import assert_never

from rich.console import Console
from rich.table import Table as RichTable

from powershare.audit.audit import Audit
from powershare.audit.report_model import (
    Block,
    Bullets,
    Excerpt,
    Figure,
    Note,
    Paragraph,
    Report,
    Table,
)
from powershare.audit.sections import build_report
from powershare.cli.terminal import print_styled, verbatim

__all__ = ["column_groups", "render_audit", "render_report", "rich_table", "rich_tables"]

_FRAME = 3  # per column: one space of padding each side and one border


def _min_widths(table: Table) -> list[int]:
    """Per column, the narrowest width that cuts nothing: a right-aligned column (figures)
    holds its longest cell; a text column its longest word (up to 20 characters, then it
    folds); each holds the longest word of its header."""
    out = []
    for j, (head, align) in enumerate(zip(table.header, table.align, strict=True)):
        cells = [row[j] for row in table.rows]
        head_word = max((len(w) for w in head.split()), default=1)
        if align == "r":
            out.append(max([head_word, *(len(c) for c in cells)]))
        else:
            word = max((len(w) for c in cells for w in c.split()), default=1)
            out.append(max(head_word, min(word, 20)))
    return out


def column_groups(widths: list[int], width: int) -> list[list[int]]:
    """Columns of a table of minimum ``widths`` split into groups that fit ``width``
    characters, each group starting with column 0 (the member).

    >>> column_groups([10, 8, 8, 8], 80), column_groups([10, 20, 20, 20], 60)
    ([[0, 1, 2, 3]], [[0, 1, 2], [0, 3]])
    """
    if sum(w + _FRAME for w in widths) + 1 <= width or len(widths) <= 2:
        return [list(range(len(widths)))]
    groups: list[list[int]] = []
    current: list[int] = []
    used = widths[0] + _FRAME + 1
    for j in range(1, len(widths)):
        if current and used + widths[j] + _FRAME > width:
            groups.append(current)
            current, used = [], widths[0] + _FRAME + 1
        current.append(j)
        used += widths[j] + _FRAME
    groups.append(current)
    return [[0, *g] for g in groups]


def rich_tables(
    table: Table, limit: int | None = None, width: int = 80
) -> tuple[list[RichTable], str | None]:
    """``table`` as one or more rich tables that fit ``width`` characters without cutting any
    figure (see :func:`column_groups`), and the line saying how many rows were left out (see
    :func:`rich_table`)."""
    cut = limit is not None and table.truncate and len(table.rows) > limit
    rows = table.rows[:limit] if cut else table.rows
    mins = _min_widths(table)
    natural = [
        max([len(h), *(len(row[j]) for row in table.rows)]) for j, h in enumerate(table.header)
    ]
    out = []
    for group in column_groups(mins, width):
        spare = width - 1 - sum(mins[j] + _FRAME for j in group)
        rich = RichTable()
        for j in group:  # each column its minimum, then spare room up to its natural width
            extra = max(0, min(natural[j] - mins[j], spare))
            spare -= extra
            right = table.align[j] == "r"
            rich.add_column(
                verbatim(table.header[j]),
                justify="right" if right else "left",
                width=mins[j] + extra,
                no_wrap=right,
                overflow="fold",
            )
        for row in rows:
            rich.add_row(*(verbatim(row[j]) for j in group))
        out.append(rich)
    more = len(table.rows) - len(rows)
    return out, (f"{more} more rows in the HTML/Markdown/JSON report" if more else None)


def rich_table(table: Table, limit: int | None = None) -> tuple[RichTable, str | None]:
    """``table`` as a rich table, and a line saying how many rows were left out (or ``None``):
    with ``limit``, at most that many rows, if the table may be cut (see
    :attr:`~powershare.audit.report_model.Table.truncate`)."""
    out = RichTable()
    for h, a in zip(table.header, table.align, strict=True):
        out.add_column(verbatim(h), justify="right" if a == "r" else "left", overflow="fold")
    cut = limit is not None and table.truncate and len(table.rows) > limit
    rows = table.rows[:limit] if cut else table.rows
    for row in rows:
        out.add_row(*(verbatim(c) for c in row))
    more = len(table.rows) - len(rows)
    return out, (f"{more} more rows in the HTML/Markdown/JSON report" if more else None)


def _block(block: Block, console: Console, rows: int | None) -> None:
    if isinstance(block, Paragraph):
        console.print(block.text, markup=False, highlight=False)
    elif isinstance(block, Bullets):
        for item in block.items:
            console.print(f"  - {item}", markup=False, highlight=False)
    elif isinstance(block, Table):
        tables, more = rich_tables(block, rows, console.width)
        if block.caption:
            console.print(block.caption, style="italic", markup=False, highlight=False)
        for table in tables:
            console.print(table)
        if more:
            console.print(more, style="dim", markup=False, highlight=False)
    elif isinstance(block, Figure):
        pass  # figures are HTML only; the tables beside them carry their numbers
    elif isinstance(block, Note):
        console.print(block.text, style="dim", markup=False, highlight=False)
    elif isinstance(block, Excerpt):
        console.print(
            f"  - {block.title} (the full text is in the HTML and Markdown reports)",
            markup=False,
            highlight=False,
        )
    else:
        assert_never(block)


def render_report(report: Report, console: Console, rows: int | None = 40) -> None:
    """Print ``report``: title, banner, introduction, then every section's blocks."""
    print_styled(console, report.title, highlight=False)
    if report.banner:
        print_styled(console, report.banner, style="bold yellow", highlight=False)
    console.print(report.intro, markup=False, highlight=False)
    for section in report.sections:
        console.print()
        print_styled(console, section.heading, highlight=False)
        for block in section.blocks:
            _block(block, console, rows)


def render_audit(a: Audit, console: Console, rows: int = 40) -> None:
    """The audit in the terminal: every section, tables cut at ``rows`` rows."""
    render_report(build_report(a), console, rows)
