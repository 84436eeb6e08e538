"""``powershare power GAME``: the voting power of every member."""

from __future__ import annotations

import sys
from typing import Annotated

import typer
from rich.console import Console

from powershare.cli.errors import reports_errors
from powershare.cli.options import make_limits
from powershare.cli.render import render_csv, render_json, render_table
from powershare.datasets import game_from_spec
from powershare.power.api import power_table, resolve_indices
from powershare.power.registry import format_seconds, registry

__all__ = ["register", "power_command"]

GAME_HELP = (
    "The body: a dataset name (see 'powershare datasets'), the notation '[12; 4,4,4,2,2,1]', "
    "a 'Name:weight, ...' list, a CSV file (name,weight) or a YAML/JSON scenario file."
)


@reports_errors
def power_command(
    game: Annotated[str, typer.Argument(help=GAME_HELP, show_default=False)],
    quota: Annotated[
        str | None,
        typer.Option(
            "--quota",
            "-q",
            help="Quota (at least): 12, 2/3, 65%, 50%+1 or majority (more than half). "
            "Overrides the file's; needed for CSV files and member lists.",
        ),
    ] = None,
    index: Annotated[
        str,
        typer.Option(
            "--index",
            "-i",
            help="Comma-separated indices: banzhaf, banzhaf_absolute, shapley, or 'all'.",
        ),
    ] = "banzhaf,shapley",
    exact: Annotated[bool, typer.Option("--exact", help="Show exact fractions.")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON object.")] = False,
    as_csv: Annotated[bool, typer.Option("--csv", help="Print CSV, one row per member.")] = False,
    method: Annotated[
        str,
        typer.Option("--method", help="Counting method: auto or a name from 'powershare methods'."),
    ] = "auto",
    max_seconds: Annotated[
        float | None,
        typer.Option("--max-seconds", help="Refuse work estimated above this (default 600)."),
    ] = None,
    max_memory: Annotated[
        str | None,
        typer.Option(
            "--max-memory", help="Refuse work estimated above this, e.g. 2GB (default 4GB)."
        ),
    ] = None,
) -> None:
    """Voting power of every member of a body (Banzhaf/Penrose and Shapley-Shubik, exact)."""
    if as_json and as_csv:
        raise typer.BadParameter("choose one of --json and --csv")
    body = game_from_spec(game, quota)
    limits = make_limits(max_seconds, max_memory)
    specs = resolve_indices(index)
    err = Console(stderr=True)
    slow = max(
        registry.choose(body, q, method, limits)[1].seconds
        for q in dict.fromkeys(s.quantity for s in specs)
    )
    if slow > 1.0 and sys.stderr.isatty():
        with err.status(f"Counting exactly (estimated {format_seconds(slow)})..."):
            table = power_table(body, [s.key for s in specs], method=method, limits=limits)
    else:
        table = power_table(body, [s.key for s in specs], method=method, limits=limits)
    if as_json:
        typer.echo(render_json(table, exact=exact))
    elif as_csv:
        typer.echo(render_csv(table, exact=exact), nl=False)
    else:
        render_table(table, Console(), exact=exact)


@reports_errors
def methods_command() -> None:
    """List the counting methods, what they count, and whether they are exact."""
    console = Console()
    for m in registry:
        kind = "exact" if m.exact else "approximate"
        console.print(f"[bold]{m.name}[/bold] ({kind}; counts {', '.join(sorted(m.quantities))})")
        console.print(f"    {m.summary}")
        console.print(f"    [dim]{m.reference}[/dim]")


def register(app: typer.Typer) -> None:
    """Add ``power`` and ``methods`` to the app."""
    app.command("power")(power_command)
    app.command("methods")(methods_command)
