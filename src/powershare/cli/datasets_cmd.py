"""``powershare datasets``: the real bodies shipped with powershare."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from powershare import datasets
from powershare.cli.errors import reports_errors
from powershare.games.weighted import WeightedGame

__all__ = ["register"]


@reports_errors
def datasets_command(
    name: Annotated[
        str | None, typer.Argument(help="Show one dataset's source notes.", show_default=False)
    ] = None,
) -> None:
    """List the shipped datasets, or show one with its sources and caveats."""
    console = Console()
    if name is not None:
        data = datasets.load(name)
        shape = (
            data.game.notation() if isinstance(data.game, WeightedGame) else data.game.describe()
        )
        console.print(f"[bold]{data.title}[/bold]  ({shape})", markup=True)
        console.print(f"Caveats: {data.caveats}")
        console.print(data.source, markup=False)
        return
    table = Table(title="Shipped datasets (use the name as GAME)", title_justify="left")
    table.add_column("name")
    table.add_column("members", justify="right")
    table.add_column("what")
    for info in datasets.DATASETS.values():
        table.add_row(info.name, str(info.build(None).n), info.title)
    console.print(table)


def register(app: typer.Typer) -> None:
    """Add ``datasets`` to the app."""
    app.command("datasets")(datasets_command)
