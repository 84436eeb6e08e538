"""``powershare datasets``: the real bodies shipped with powershare."""

from __future__ import annotations

from typing import Annotated, Any

import typer
from rich.table import Table

from powershare import datasets
from powershare.cli.errors import reports_errors
from powershare.cli.options import CsvOption, JsonOption, check_one_format
from powershare.cli.output import csv_text, json_text
from powershare.cli.terminal import new_console, print_styled, verbatim
from powershare.games.weighted import WeightedGame

__all__ = ["register"]


@reports_errors
def datasets_command(
    name: Annotated[
        str | None, typer.Argument(help="Show one dataset's source notes.", show_default=False)
    ] = None,
    as_json: JsonOption = False,
    as_csv: CsvOption = False,
) -> None:
    """List the shipped datasets, or show one with its sources and caveats."""
    check_one_format(as_json, as_csv)
    if as_json or as_csv:
        _machine_readable(name, as_json)
        return
    console = new_console()
    if name is not None and datasets.find(name) is None and datasets.find_package(name):
        found = datasets.find_package(name)
        assert found is not None
        print_styled(console, found.title, "  (package)", highlight=False)
        console.print(f"Caveat: {found.caveats}", markup=False, highlight=False)
        for file, text in found.sources():
            console.print(f"--- {file}", markup=False, highlight=False)
            console.print(text, markup=False, highlight=False)
        return
    if name is not None:
        data = datasets.load(name)
        shape = (
            data.game.notation() if isinstance(data.game, WeightedGame) else data.game.describe()
        )
        print_styled(console, data.title, f"  ({shape})", highlight=False)
        for caveat in data.caveats:
            console.print(f"Caveat: {caveat}", markup=False, highlight=False)
        if data.populations is not None:
            known = sum(p is not None for p in data.populations)
            console.print(
                f"Populations: {data.population_label} ({known} of {data.game.n} members)",
                markup=False,
                highlight=False,
            )
        console.print(data.source, markup=False)
        return
    table = Table(title="Shipped datasets (use the name as GAME)", title_justify="left")
    table.add_column("name")
    table.add_column("members", justify="right")
    table.add_column("what")
    table.add_column("populations")
    for info in datasets.DATASETS.values():
        data = info.load()
        table.add_row(
            verbatim(info.name),
            str(data.game.n),
            verbatim(info.title),
            "yes" if data.populations else "",
        )
    console.print(table)
    packages = Table(
        title="Shipped packages (use the name with `powershare package`)", title_justify="left"
    )
    packages.add_column("name")
    packages.add_column("institutions", justify="right")
    packages.add_column("what")
    for pinfo in datasets.PACKAGES.values():
        package = pinfo.load()
        packages.add_row(
            verbatim(pinfo.name), str(len(package.institutions)), verbatim(pinfo.title)
        )
    console.print(packages)


def _listing() -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    for info in datasets.DATASETS.values():
        data = info.load()
        rows.append(
            {
                "name": info.name,
                "kind": "dataset",
                "members": data.game.n,
                "title": info.title,
                "populations": data.populations is not None,
            }
        )
    for pinfo in datasets.PACKAGES.values():
        package = pinfo.load()
        rows.append(
            {
                "name": pinfo.name,
                "kind": "package",
                "members": len(package.institutions),
                "title": pinfo.title,
                "populations": None,
            }
        )
    return rows


def _members(data: datasets.Dataset) -> list[dict[str, Any]]:
    """One row per member: name, weight (weighted rules), population (when shipped)."""
    game = data.game
    rows: list[dict[str, Any]] = []
    for i, member in enumerate(game.names):
        row: dict[str, Any] = {"name": member}
        if isinstance(game, WeightedGame):
            row["weight"] = game.original_weight(i)
        if data.populations is not None:
            row["population"] = data.populations[i]
        rows.append(row)
    return rows


def _machine_readable(name: str | None, as_json: bool) -> None:
    """``--json``/``--csv``: the listing (``members`` counts institutions for packages), or one
    dataset: its rule, caveats and sources (JSON) or its members (CSV)."""
    if name is None:
        rows = _listing()
        typer.echo(json_text({"datasets": rows}) if as_json else csv_text(rows), nl=as_json)
        return
    data = datasets.load(name)
    members = _members(data)
    if not as_json:
        typer.echo(csv_text(members), nl=False)
        return
    rule = data.game.notation() if isinstance(data.game, WeightedGame) else data.game.describe()
    out = {
        "name": data.name,
        "title": data.title,
        "rule": rule,
        "caveats": list(data.caveats),
        "population_label": data.population_label if data.populations is not None else None,
        "members": members,
        "source": data.source,
    }
    typer.echo(json_text(out))


def register(app: typer.Typer) -> None:
    """Add ``datasets`` to the app."""
    app.command("datasets")(datasets_command)
