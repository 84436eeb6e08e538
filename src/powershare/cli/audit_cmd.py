"""``powershare audit SCENARIO``: the power-sharing audit, in the terminal or as a report file."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table as RichTable

from powershare.cli.errors import reports_errors
from powershare.cli.options import QuotaOption
from powershare.errors import InvalidInputError

__all__ = ["audit_command", "register"]

SCENARIO_HELP = (
    "A body to audit: afghanistan, afghanistan-wolesi-jirga, afghanistan-council-illustrative, "
    "eu-council-lisbon, eu-council-nice, us-electoral-college-2024, us-house-2020, any dataset "
    "name, the notation '[q; w1, w2, ...]', a 'Name:weight' list, a CSV or a scenario file."
)
_SUFFIXES = {".html": "html", ".htm": "html", ".md": "markdown", ".json": "json"}


def _rich_table(table: object, title: str, limit: int | None = None) -> RichTable:
    from powershare.audit.tables import Table

    assert isinstance(table, Table)
    out = RichTable(title=title, title_justify="left")
    for h, a in zip(table.header, table.align, strict=True):
        out.add_column(h, justify="right" if a == "r" else "left")
    rows = table.rows if limit is None else table.rows[:limit]
    for row in rows:
        out.add_row(*row)
    if limit is not None and len(table.rows) > limit:
        out.caption = f"{len(table.rows) - limit} more rows in the HTML/Markdown/JSON report"
    return out


def render_audit(a: object, console: Console, rows: int = 40) -> None:
    """The audit in the terminal: findings, caveats and the main tables."""
    from powershare.audit import tables
    from powershare.audit.audit import Audit
    from powershare.audit.sections import blocking_lines

    assert isinstance(a, Audit)
    sc = a.scenario
    console.print(f"[bold]Power-sharing audit: {sc.title}[/bold]", highlight=False)
    if sc.illustrative:
        console.print("[bold yellow]ILLUSTRATIVE SCENARIO: not a real or proposed body.[/]")
    console.print(f"Rule: {sc.game.describe()}. Members: {sc.game.n}.", highlight=False)
    console.print("\n[bold]Findings[/bold]")
    for f in a.findings:
        console.print(f"  - {f}", highlight=False)
    if sc.caveats:
        console.print("\n[bold]Caveats and assumptions[/bold]")
        for c in sc.caveats:
            console.print(f"  - {c}", highlight=False)
    console.print()
    console.print(_rich_table(tables.members_table(a), "Power per member", rows))
    console.print(_rich_table(tables.concentration_table(a), "Equality and concentration"))
    console.print("[bold]Who can block, who is needed[/bold]")
    for line in blocking_lines(a):
        console.print(f"  - {line}", highlight=False)
    for build, title in (
        (tables.curve_table, "Power as the quota moves (Banzhaf)"),
        (tables.what_if_table, "What if (percentage points of Banzhaf power)"),
        (tables.citizen_summary_table, "Citizen-level power: centralised vs decentralised"),
        (tables.comparison_table, "The same body under other rules (Banzhaf)"),
        (tables.blocs_table, "Blocs"),
    ):
        table = build(a)
        if table is not None:
            console.print(_rich_table(table, title, rows))
    for note in a.notes:
        console.print(f"[dim]note: {note}[/dim]", highlight=False)


@reports_errors
def audit_command(
    scenario: Annotated[str, typer.Argument(help=SCENARIO_HELP, show_default=False)],
    quota: QuotaOption = None,
    populations: Annotated[
        Path | None,
        typer.Option("--populations", help="CSV with columns name,population (head-counts)."),
    ] = None,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output", "-o", help="Write the report: .html (with plots), .md or .json by suffix."
        ),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print every figure as JSON.")] = False,
    no_plots: Annotated[
        bool, typer.Option("--no-plots", help="HTML without plots (faster).")
    ] = False,
    rows: Annotated[int, typer.Option("--rows", help="Most rows per table in the terminal.")] = 40,
) -> None:
    """Audit a body: is power equally distributed and decentralised; who gains, who loses?"""
    from powershare.audit import audit, load_audit_scenario, read_populations

    kind: str | None = None
    if output is not None:
        kind = _SUFFIXES.get(output.suffix.lower())
        if kind is None:
            raise InvalidInputError(
                f"--output {str(output)!r}: unknown suffix {output.suffix!r}; allowed: .html, "
                ".md, .json"
            )
    if rows < 1:
        raise InvalidInputError(f"--rows {rows} must be 1 or more")
    pops = None if populations is None else read_populations(populations)
    result = audit(load_audit_scenario(scenario, quota, populations=pops))
    if as_json:
        typer.echo(json.dumps(result.to_dict(), indent=2, ensure_ascii=False))
    else:
        render_audit(result, Console(), rows)
    if output is not None:
        if kind == "html":
            from powershare.audit.report_html import to_html

            text = to_html(result, with_plots=not no_plots)
        elif kind == "markdown":
            from powershare.audit.report_markdown import to_markdown

            text = to_markdown(result)
        else:
            text = json.dumps(result.to_dict(), indent=2, ensure_ascii=False) + "\n"
        try:
            output.write_text(text, encoding="utf-8")
        except OSError as exc:
            raise InvalidInputError(f"cannot write {str(output)!r}: {exc.strerror}") from None
        typer.echo(f"Report written to {output.resolve()}", err=as_json)


def register(app: typer.Typer) -> None:
    """Add ``audit`` to the app."""
    app.command("audit")(audit_command)
