"""The audit as one self-contained HTML file: inline CSS, plots as inline SVG, no scripts, no
external fonts, images or links to other sites."""

from __future__ import annotations

import html
import re

from powershare.audit.audit import Audit
from powershare.audit.plots import plots as make_plots
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

__all__ = ["html_table", "to_html"]

_SCHEME = re.compile(r"\bhttps?://", re.IGNORECASE)

_CSS = """
body{font-family:system-ui,-apple-system,'Segoe UI',sans-serif;max-width:1100px;margin:2em auto;
padding:0 1em;color:#222;line-height:1.45}
h1{font-size:1.6em}h2{border-bottom:1px solid #ccc;padding-bottom:.2em;margin-top:2em}
table{border-collapse:collapse;margin:1em 0;font-size:.85em}
th,td{border:1px solid #ddd;padding:.25em .5em}th{background:#f3f3f3}
td.r,th.r{text-align:right}tbody tr:nth-child(even){background:#fafafa}
.banner{background:#fff3cd;border:1px solid #e0c060;padding:.7em 1em;font-weight:bold}
.caveats li{margin:.3em 0}.plot svg{max-width:100%;height:auto}
pre{white-space:pre-wrap;background:#f7f7f7;padding:1em;font-size:.8em}
nav a{margin-right:.8em}.scroll{overflow-x:auto}
"""


def _e(text: object) -> str:
    return html.escape(_SCHEME.sub("", str(text)), quote=True)


def html_table(table: Table) -> str:
    """An HTML table (cells escaped)."""
    head = "".join(
        f'<th class="{a}">{_e(h)}</th>' for h, a in zip(table.header, table.align, strict=True)
    )
    body = "".join(
        "<tr>"
        + "".join(f'<td class="{a}">{_e(c)}</td>' for c, a in zip(row, table.align, strict=True))
        + "</tr>"
        for row in table.rows
    )
    table_html = f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"
    return f'<div class="scroll">{table_html}</div>'


def _list(items: list[str] | tuple[str, ...], cls: str = "") -> str:
    attr = f' class="{cls}"' if cls else ""
    return f"<ul{attr}>" + "".join(f"<li>{_e(i)}</li>" for i in items) + "</ul>"


def _plot(svg: str | None) -> str:
    return f'<div class="plot">{svg}</div>' if svg else ""


def to_html(a: Audit, *, with_plots: bool = True) -> str:
    """The whole report as one HTML document (UTF-8 text)."""
    sc = a.scenario
    figures = make_plots(a) if with_plots else {}
    parts: list[str] = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>Power-sharing audit: {_e(sc.title)}</title>",
        f"<style>{_CSS}</style></head><body>",
        f"<h1>Power-sharing audit: {_e(sc.title)}</h1>",
    ]
    if sc.illustrative:
        parts.append(
            '<p class="banner">ILLUSTRATIVE SCENARIO: not a real or proposed body. '
            "See the caveats.</p>"
        )
    parts.append(f"<p>Rule: {_e(sc.game.describe())}. Members: {sc.game.n}.</p>")
    parts.append(
        "<nav>"
        + "".join(f'<a href="#{k}">{_e(h.split(":")[0])}</a>' for k, h in SECTIONS)
        + "</nav>"
    )
    for anchor, heading in SECTIONS:
        parts.append(f'<section id="{anchor}"><h2>{_e(heading)}</h2>')
        missing = missing_text(a, anchor)
        if missing:
            parts.append(f"<p>{_e(missing)}</p></section>")
            continue
        if anchor == "findings":
            parts.append(_list(a.findings))
        elif anchor == "caveats":
            parts.append(_list(sc.caveats or ("None recorded.",), "caveats"))
        elif anchor == "power":
            parts.append(_plot(figures.get("power")))
            parts.append(html_table(members_table(a)))
        elif anchor == "equality":
            parts.append(html_table(concentration_table(a)))
        elif anchor == "blocking":
            parts.append(_list(blocking_lines(a)))
        elif anchor == "sensitivity":
            table = curve_table(a)
            assert table is not None and a.quota_curve is not None
            parts.append(f"<p>{_e(a.quota_curve.note())}.</p>")
            parts.append(_plot(figures.get("quota_curve")))
            parts.append(html_table(table))
        elif anchor == "what-if":
            table = what_if_table(a)
            assert table is not None and a.what_if is not None
            parts.append(_list(a.what_if.notes))
            parts.append("<p>Changes are in percentage points of normalised Banzhaf power.</p>")
            parts.append(html_table(table))
        elif anchor == "decentralisation":
            summary, units = citizen_summary_table(a), citizen_units_table(a)
            assert summary is not None and units is not None and a.citizen is not None
            parts.append(html_table(summary))
            parts.append(_plot(figures.get("citizen")))
            parts.append(html_table(units))
            parts.append(_list(sorted({n for r in a.citizen for n in r.notes})))
        elif anchor == "comparison":
            table = comparison_table(a)
            assert table is not None
            parts.append(_list([f"{c.label}: {c.rule}" for c in a.comparisons]))
            parts.append(html_table(table))
        elif anchor == "blocs":
            table = blocs_table(a)
            assert table is not None
            parts.append(html_table(table))
        elif anchor == "method":
            timing = ", ".join(f"{k} {v:.2f} s" for k, v in a.seconds.items())
            parts.append(f"<p>{_e(METHOD_TEXT)}</p>")
            parts.append(
                _list(
                    [
                        *a.notes,
                        f"counting method: {a.table.method}; exact: {a.table.is_exact}",
                        f"time: {timing}",
                    ]
                )
            )
        elif anchor == "sources":
            if not sc.sources:
                parts.append("<p>No source notes were attached to this body.</p>")
            else:
                parts.append(
                    "<p>The source notes shipped with the data, in full. Web addresses are shown "
                    "without their scheme so that this file makes no external references.</p>"
                )
            for name, text in sc.sources:
                parts.append(f"<h3>{_e(name)}</h3><pre>{_e(text.strip())}</pre>")
        parts.append("</section>")
    parts.append("<footer><p>Generated by powershare.</p></footer></body></html>")
    return "\n".join(parts) + "\n"
