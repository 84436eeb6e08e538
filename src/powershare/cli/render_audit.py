"""The power-sharing audit in the terminal (rich).

Generic over the report's blocks (:mod:`powershare.audit.report_model`): every section of
:mod:`powershare.audit.sections` is shown, in order, without this module knowing any of them.
Tables show at most ``rows`` rows (``--rows``) and say how many more the report files have
(below the table, so that a narrow table does not wrap the line);
figures are left out (HTML only) and quoted documents show their title only.
"""

from __future__ import annotations

from typing import assert_never

from rich.console import Console
from rich.markup import escape
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

__all__ = ["render_audit", "render_report", "rich_table"]


def rich_table(table: Table, limit: int | None = None) -> tuple[RichTable, str | None]:
    """``table`` as a rich table, and a line saying how many rows were left out (or ``None``):
    with ``limit``, at most that many rows, if the table may be cut (see
    :attr:`~powershare.audit.report_model.Table.truncate`)."""
    out = RichTable()
    for h, a in zip(table.header, table.align, strict=True):
        out.add_column(escape(h), justify="right" if a == "r" else "left")
    cut = limit is not None and table.truncate and len(table.rows) > limit
    rows = table.rows[:limit] if cut else table.rows
    for row in rows:
        out.add_row(*(escape(c) for c in row))
    more = len(table.rows) - len(rows)
    return out, (f"{more} more rows in the HTML/Markdown/JSON report" if more else None)


def _block(block: Block, console: Console, rows: int | None) -> None:
    if isinstance(block, Paragraph):
        console.print(block.text, markup=False, highlight=False)
    elif isinstance(block, Bullets):
        for item in block.items:
            console.print(f"  - {item}", markup=False, highlight=False)
    elif isinstance(block, Table):
        table, more = rich_table(block, rows)
        if block.caption:
            console.print(block.caption, style="italic", markup=False, highlight=False)
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
    console.print(f"[bold]{escape(report.title)}[/bold]", highlight=False)
    if report.banner:
        console.print(f"[bold yellow]{escape(report.banner)}[/]", highlight=False)
    console.print(report.intro, markup=False, highlight=False)
    for section in report.sections:
        console.print()
        console.print(f"[bold]{escape(section.heading)}[/bold]", highlight=False)
        for block in section.blocks:
            _block(block, console, rows)


def render_audit(a: Audit, console: Console, rows: int = 40) -> None:
    """The audit in the terminal: every section, tables cut at ``rows`` rows."""
    render_report(build_report(a), console, rows)
