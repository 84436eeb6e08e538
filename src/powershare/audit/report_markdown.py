"""The audit as a Markdown report.

The renderer is generic: it shows any :class:`~powershare.audit.report_model.Report`, block by
block, and knows no particular section (those are in :mod:`powershare.audit.sections`).
Figures are HTML only and left out here; the tables beside them carry their numbers.

>>> from powershare.audit.report_model import Paragraph, Report, Section
>>> print(render_markdown(Report("Demo", "Intro.", (Section("s", "S", (Paragraph("Hi."),)),))))
# Demo
<BLANKLINE>
Intro.
<BLANKLINE>
## S
<BLANKLINE>
Hi.
<BLANKLINE>
"""

from __future__ import annotations

import re
from collections.abc import Collection
from typing import assert_never

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

__all__ = ["markdown_table", "render_markdown", "to_markdown"]


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def markdown_table(table: Table) -> str:
    """A GitHub-flavoured Markdown table (its caption, if any, in italics above it)."""
    head = "| " + " | ".join(_cell(h) for h in table.header) + " |"
    rule = "|" + "|".join("---:" if a == "r" else "---" for a in table.align) + "|"
    body = ["| " + " | ".join(_cell(c) for c in row) + " |" for row in table.rows]
    caption = [f"*{table.caption}*", ""] if table.caption else []
    return "\n".join([*caption, head, rule, *body])


def _block(block: Block) -> list[str]:
    """The block's lines, without the blank line after it (``[]``: nothing to show)."""
    if isinstance(block, Paragraph):
        return [block.text]
    if isinstance(block, Bullets):
        return [f"- {item}" for item in block.items]
    if isinstance(block, Table):
        return [markdown_table(block)]
    if isinstance(block, Figure):
        return []  # figures are HTML only
    if isinstance(block, Note):
        return [f"> {block.text}"]
    if isinstance(block, Excerpt):
        demoted = re.sub(r"^(#+)", r"###\1", block.text.strip(), flags=re.M)
        return [f"### {block.title}", "", demoted]
    assert_never(block)


def render_markdown(report: Report) -> str:
    """``report`` as Markdown text."""
    out = [f"# {report.title}", ""]
    if report.banner:
        out += [f"> **{report.banner}**", ""]
    out += [report.intro, ""]
    for s in report.sections:
        out += [f"## {s.heading}", ""]
        for block in s.blocks:
            lines = _block(block)
            if lines:
                out += [*lines, ""]
    return "\n".join(out).rstrip() + "\n"


def to_markdown(a: Audit, *, exclude: Collection[str] = ()) -> str:
    """The whole report of ``a`` as Markdown text, without the sections whose anchors are in
    ``exclude`` (e.g. ``exclude={"sources"}``)."""
    return render_markdown(build_report(a, exclude=exclude))
