"""The audit as a Markdown report (every section of :data:`powershare.audit.sections.SECTIONS`)."""

from __future__ import annotations

import re

from powershare.audit.audit import Audit
from powershare.audit.sections import METHOD_TEXT, SECTIONS, blocking_lines, missing_text
from powershare.audit.tables import (
    Table,
    blocs_table,
    citizen_summary_table,
    citizen_units_table,
    comparison_table,
    concentration_table,
    curve_table,
    members_table,
    what_if_table,
)

__all__ = ["markdown_table", "to_markdown"]


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def markdown_table(table: Table) -> str:
    """A GitHub-flavoured Markdown table."""
    head = "| " + " | ".join(_cell(h) for h in table.header) + " |"
    rule = "|" + "|".join("---:" if a == "r" else "---" for a in table.align) + "|"
    body = ["| " + " | ".join(_cell(c) for c in row) + " |" for row in table.rows]
    return "\n".join([head, rule, *body])


def to_markdown(a: Audit, *, sources: bool = True) -> str:
    """The whole report as Markdown text."""
    sc = a.scenario
    out = [f"# Power-sharing audit: {sc.title}", ""]
    if sc.illustrative:
        out += ["> **ILLUSTRATIVE SCENARIO**: not a real or proposed body (see the caveats).", ""]
    out += [f"Rule: {sc.game.describe()}. Members: {sc.game.n}.", ""]
    for anchor, heading in SECTIONS:
        if anchor == "sources" and not sources:
            continue
        out += [f"## {heading}", ""]
        missing = missing_text(a, anchor)
        if missing:
            out += [missing, ""]
            continue
        if anchor == "findings":
            out += [f"- {f}" for f in a.findings] + [""]
        elif anchor == "caveats":
            out += [f"- {c}" for c in sc.caveats] or ["- None recorded."]
            out += [""]
        elif anchor == "power":
            out += [markdown_table(members_table(a)), ""]
        elif anchor == "equality":
            out += [markdown_table(concentration_table(a)), ""]
        elif anchor == "blocking":
            out += [f"- {line}" for line in blocking_lines(a)] + [""]
        elif anchor == "sensitivity":
            table = curve_table(a)
            assert table is not None and a.quota_curve is not None
            out += [a.quota_curve.note() + ".", "", markdown_table(table), ""]
        elif anchor == "what-if":
            table = what_if_table(a)
            assert table is not None and a.what_if is not None
            out += [f"- {n}" for n in a.what_if.notes]
            out += ["", "Changes are in percentage points of normalised Banzhaf power.", ""]
            out += [markdown_table(table), ""]
        elif anchor == "decentralisation":
            summary, units = citizen_summary_table(a), citizen_units_table(a)
            assert summary is not None and units is not None and a.citizen is not None
            notes = sorted({n for r in a.citizen for n in r.notes})
            out += [markdown_table(summary), "", markdown_table(units), ""]
            out += [f"- {n}" for n in notes] + [""]
        elif anchor == "comparison":
            table = comparison_table(a)
            assert table is not None
            out += [f"- {c.label}: {c.rule}" for c in a.comparisons]
            out += ["", markdown_table(table), ""]
        elif anchor == "blocs":
            table = blocs_table(a)
            assert table is not None
            out += [markdown_table(table), ""]
        elif anchor == "method":
            out += [METHOD_TEXT, ""]
            out += [f"- {n}" for n in a.notes]
            out += [f"- counting method: {a.table.method}; exact: {a.table.is_exact}"]
            timing = ", ".join(f"{k} {v:.2f} s" for k, v in a.seconds.items())
            out += [f"- time: {timing}", ""]
        elif anchor == "sources":
            if not sc.sources:
                out += ["No source notes were attached to this body.", ""]
            for name, text in sc.sources:
                demoted = re.sub(r"^(#+)", r"###\1", text.strip(), flags=re.M)
                out += [f"### {name}", "", demoted, ""]
    return "\n".join(out).rstrip() + "\n"
