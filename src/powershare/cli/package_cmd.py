"""``powershare package FILE|NAME``: a whole settlement, party by party."""

from __future__ import annotations

from fractions import Fraction
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.table import Table
from rich.text import Text

from powershare import datasets
from powershare.cli.errors import reports_errors
from powershare.cli.options import (
    JsonOption,
    MaxMemoryOption,
    MaxSecondsOption,
    check_one_format,
    make_limits,
)
from powershare.cli.output import csv_text, json_text
from powershare.cli.terminal import new_console, verbatim
from powershare.packages import analyse, compare_rows, csv_rows, package_report

__all__ = ["register"]


def _pct(value: Any) -> str:
    if value is None:
        return ""
    return f"{100 * float(Fraction(str(value)) if isinstance(value, str) else value):.1f}%"


def _render(data: dict[str, Any], console: Console) -> None:
    title = f"{data['package']} ({data['index']})"
    if data["illustrative"]:
        title = "ILLUSTRATIVE: " + title
    table = Table(title=verbatim(title, "table.title"), title_justify="left")
    table.add_column("party")
    table.add_column("summary", justify="right")
    table.add_column("seats", justify="right")
    table.add_column("population", justify="right")
    areas = [a["name"] for a in data["areas"]]
    for area in areas:
        table.add_column(verbatim(area), justify="right")
    cabinets = [c["name"] for c in data["cabinets"]]
    for cab in cabinets:
        table.add_column(verbatim(cab))
    for p in data["parties"]:
        cells: list[str | Text] = [
            verbatim(p["name"]),
            _pct(p["summary"]),
            _pct(p["seat_share"]),
            _pct(p["population_share"]),
            *(_pct(p["by_area"][a]) for a in areas),
        ]
        for cab in cabinets:
            info = p["portfolios"].get(cab)
            cells.append(
                ""
                if not info or not info["count"]
                else f"{info['count']} ({_pct(info['weight_share'])})"
            )
        table.add_row(*cells)
    console.print(table)
    inst = Table(title="Power in each institution, by issue area", title_justify="left")
    inst.add_column("party")
    columns = [(i, a) for i, per in data["parties"][0]["by_institution"].items() for a in per]
    for i, a in columns:
        inst.add_column(verbatim(f"{i}: {a}"), justify="right")
    for p in data["parties"]:
        inst.add_row(verbatim(p["name"]), *(_pct(p["by_institution"][i][a]) for i, a in columns))
    console.print(inst)
    if data["terms"]:
        terms = Table(title="Rotation: power per term", title_justify="left")
        terms.add_column("party")
        heads = [(a, k) for a in areas for k in range(len(data["terms"]))]
        for a, k in heads:
            t = data["terms"][k]
            head = f"{a}: {t['holder']} ({t['length']:g} {t['unit']})"
            terms.add_column(verbatim(head), justify="right")
        for p in data["parties"]:
            terms.add_row(verbatim(p["name"]), *(_pct(p["by_term"][a][k]) for a, k in heads))
        console.print(terms)
    for cab in data["cabinets"]:
        picks = ", ".join(f"{p['turn']}. {p['party']}: {p['portfolio']}" for p in cab["picks"])
        console.print(f"{cab['name']} ({cab['method']}): {picks}", markup=False, highlight=False)
    for note in [*data["caveats"], *data["notes"]]:
        console.print(f"Note: {note}", markup=False, highlight=False)


def _render_compare(rows: list[dict[str, Any]], first: str, second: str, console: Console) -> None:
    table = Table(title=verbatim(f"{first} vs {second}", "table.title"), title_justify="left")
    for head in ("party", "first", "second", "difference", "first seats", "second seats"):
        table.add_column(head, justify="left" if head == "party" else "right")
    for r in rows:
        table.add_row(
            verbatim(r["party"]),
            _pct(r["first"]),
            _pct(r["second"]),
            "" if r["difference"] is None else f"{100 * _frac(r['difference']):+.1f}",
            _pct(r["first_seat_share"]),
            _pct(r["second_seat_share"]),
        )
    console.print(table)


def _frac(text: str) -> float:
    return float(Fraction(text))


def _float(value: Any) -> Any:
    if isinstance(value, str) and value.replace("/", "").lstrip("-").isdigit():
        return _frac(value)
    if isinstance(value, dict):
        return {k: _float(v) for k, v in value.items()}
    return value


@reports_errors
def package_command(
    package: Annotated[str, typer.Argument(help="A package file or a shipped package name.")],
    index: Annotated[str, typer.Option("--index", "-i", help="Power index.")] = "banzhaf",
    compare: Annotated[
        str | None, typer.Option("--compare", help="Another package, shown side by side.")
    ] = None,
    as_json: JsonOption = False,
    as_csv: Annotated[
        bool, typer.Option("--csv", help="Print CSV: one row per party and figure.")
    ] = False,
    max_seconds: MaxSecondsOption = None,
    max_memory: MaxMemoryOption = None,
) -> None:
    """Each party's power per institution and issue area, its portfolios, and the package
    summary (salience-weighted power) beside its seat and population shares."""
    check_one_format(as_json, as_csv)
    limits = make_limits(max_seconds, max_memory)
    result = analyse(datasets.package_from_spec(package), index, limits=limits)
    if compare is not None:
        other = analyse(datasets.package_from_spec(compare), index, limits=limits)
        rows = compare_rows(result, other)
        if as_json:
            out = {
                "first": result.package.name,
                "second": other.package.name,
                "index": result.indices[0],
                "parties": [{k: _float(v) for k, v in r.items()} for r in rows],
            }
            typer.echo(json_text(out))
        elif as_csv:
            typer.echo(csv_text(rows, ["party", "first", "second", "difference"]), nl=False)
        else:
            _render_compare(rows, result.package.name, other.package.name, new_console())
        return
    if as_json:
        typer.echo(json_text(package_report(result)))
    elif as_csv:
        typer.echo(csv_text(csv_rows(result)), nl=False)
    else:
        _render(package_report(result), new_console())


def register(app: typer.Typer) -> None:
    """Add ``package`` to the app."""
    app.command("package")(package_command)
