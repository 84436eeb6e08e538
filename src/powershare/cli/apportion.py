"""``powershare apportion``: seats from a CSV of populations or votes.

The command parses options, calls :mod:`powershare.apportion` and renders the result
(rich table, ``--json`` or ``--csv``); it holds no apportionment logic.  Bad input raises
:class:`~powershare.errors.InvalidInputError`, which the main app turns into one line
and exit code 2.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.table import Table

from powershare.apportion import (
    METHOD_NAMES,
    ApportionmentResult,
    alabama_paradoxes,
    apportion,
    check_sweep,
    disproportionality,
    house_sweep,
    read_units_csv,
    seats_as_body,
    to_seat_count,
)
from powershare.cli.errors import reports_errors
from powershare.cli.options import (
    JsonOption,
    MaxMemoryOption,
    MaxSecondsOption,
    check_one_format,
    make_limits,
)
from powershare.cli.output import csv_text, json_text
from powershare.cli.render import render_json, render_table
from powershare.cli.terminal import new_console, print_styled, verbatim
from powershare.errors import InvalidInputError
from powershare.games.numbers import format_significant
from powershare.games.weighted import WeightedGame
from powershare.power import power_table
from powershare.power.registry import Limits


def _parse_reserved(items: list[str]) -> dict[str, int]:
    out: dict[str, int] = {}
    for item in items:
        name, sep, seats = item.rpartition("=")
        if not sep or not name.strip():
            raise InvalidInputError(
                f"--reserved {item!r}; allowed: NAME=SEATS, e.g. --reserved Kuchi=10"
            )
        out[name.strip()] = to_seat_count(seats.strip(), f"reserved seats of {name.strip()!r}")
    return out


def _parse_sweep(text: str) -> range:
    start, sep, stop = text.partition(":")
    if not sep:
        raise InvalidInputError(f"--sweep {text!r}; allowed: START:STOP, e.g. --sweep 400:450")
    lo = to_seat_count(start.strip(), "--sweep start")
    hi = to_seat_count(stop.strip(), "--sweep stop")
    if hi < lo:
        raise InvalidInputError(f"--sweep {text!r} ends before it starts; allowed: START <= STOP")
    return range(lo, hi + 1)


def _render_table(result: ApportionmentResult, console: Console) -> None:
    label = result.value_label.capitalize()
    table = Table(title=f"{result.method}: {result.house} seats")
    table.add_column("Unit")
    table.add_column(verbatim(label), justify="right")  # the file's column header
    table.add_column("Quota (≈)", justify="right")
    table.add_column("Seats", justify="right")
    excluded = {n for n, _ in result.excluded}
    for name, value, quota, seats in zip(
        result.names, result.values, result.quotas, result.seats, strict=True
    ):
        shown = f"{value.numerator:,}" if value.denominator == 1 else str(value)
        mark = " (excluded)" if name in excluded else ""
        table.add_row(verbatim(name + mark), shown, format_significant(quota), str(seats))
    for name, seats in result.reserved:
        table.add_row(verbatim(f"{name} (reserved)"), "", "", str(seats))
    table.add_row("Total", "", "", str(sum(result.seats) + sum(s for _, s in result.reserved)))
    console.print(table)
    for tie in result.ties:
        if tie.resolved:
            console.print(
                f"Tie for {tie.seats} seat(s) between {', '.join(tie.units)}; "
                f"resolved by {tie.rule}: {', '.join(tie.winners)}",
                markup=False,
            )
        else:
            print_styled(
                console,
                "Unresolved tie",
                f": {tie.seats} seat(s) between "
                f"{', '.join(tie.units)} (not in the seats above; name --tie-break)",
            )
    if result.complete and sum(result.seats) > 0:
        d = disproportionality(result)
        ratio = "n/a" if d.max_min_ratio is None else format_significant(d.max_min_ratio)
        console.print(
            f"Loosemore-Hanby {float(d.loosemore_hanby) * 100:.4f}%  "
            f"Gallagher {d.gallagher * 100:.4f}  "
            f"Sainte-Laguë {format_significant(d.sainte_lague, 6)}  "
            f"max/min representation {ratio}"
        )


def _power(result: ApportionmentResult, quota: str, limits: Limits) -> Any:
    """Voting power of the body built from the seats (the lead's power engine)."""
    body = seats_as_body(result)
    game = WeightedGame.from_values([s for _, s in body], quota, names=[n for n, _ in body])
    return power_table(game, limits=limits)


def _print_power(power: Any, console: Console) -> None:
    render_table(power, console, title="Voting power of the apportioned body")


def _power_json(power: Any) -> Any:
    return json.loads(render_json(power))


@reports_errors
def apportion_command(
    file: Annotated[
        Path, typer.Argument(help="CSV with a name column and a population or votes column.")
    ],
    seats: Annotated[int | None, typer.Option("--seats", help="Seats to apportion.")] = None,
    total: Annotated[
        int | None, typer.Option("--total", help="Whole body including --reserved seats.")
    ] = None,
    method: Annotated[
        str, typer.Option("--method", help=f"One of: {', '.join(METHOD_NAMES)}.")
    ] = "sainte-lague",
    first_divisor: Annotated[
        str | None, typer.Option("--first-divisor", help="First divisor (modified-sainte-lague).")
    ] = None,
    min_seats: Annotated[int, typer.Option("--min", help="Minimum seats per unit.")] = 0,
    max_seats: Annotated[int | None, typer.Option("--max", help="Maximum seats per unit.")] = None,
    threshold: Annotated[
        str | None, typer.Option("--threshold", help="Share of all values, e.g. 5%.")
    ] = None,
    elsewhere_col: Annotated[
        str | None, typer.Option("--elsewhere-col", help="Column of seats won elsewhere.")
    ] = None,
    elsewhere_min: Annotated[
        int | None,
        typer.Option("--elsewhere-min", help="Seats elsewhere that pass the threshold."),
    ] = None,
    exempt: Annotated[
        list[str] | None, typer.Option("--exempt", help="Unit exempt from the threshold.")
    ] = None,
    reserved: Annotated[
        list[str] | None, typer.Option("--reserved", help="NAME=SEATS outside the apportionment.")
    ] = None,
    tie_break: Annotated[
        str | None,
        typer.Option("--tie-break", help="lot, larger, smaller, first-listed (chain with commas)."),
    ] = None,
    seed: Annotated[int | None, typer.Option("--seed", help="Seed for --tie-break lot.")] = None,
    name_col: Annotated[str | None, typer.Option("--name-col", help="Name column.")] = None,
    value_col: Annotated[str | None, typer.Option("--value-col", help="Value column.")] = None,
    sweep: Annotated[
        str | None,
        typer.Option("--sweep", help="START:STOP house sizes; reports Alabama paradoxes."),
    ] = None,
    then: Annotated[
        str | None, typer.Option("--then", help="'power': voting power of the seats.")
    ] = None,
    quota: Annotated[str | None, typer.Option("--quota", help="Quota for --then power.")] = None,
    as_json: JsonOption = False,
    as_csv: Annotated[bool, typer.Option("--csv", help="CSV: name, value, quota, seats.")] = False,
    max_seconds: MaxSecondsOption = None,
    max_memory: MaxMemoryOption = None,
) -> None:
    """Apportion seats among units by a divisor or largest-remainder method."""
    check_one_format(as_json, as_csv)
    if then not in (None, "power"):
        raise InvalidInputError(f"--then {then!r}; allowed: power")
    if then == "power" and quota is None:
        raise InvalidInputError("--then power needs --quota, e.g. --quota 50%+1 or --quota 2/3")
    if quota is not None and then != "power":
        raise InvalidInputError("--quota is only used with --then power; add --then power")
    if elsewhere_min is not None and elsewhere_col is None:
        raise InvalidInputError("--elsewhere-min needs --elsewhere-col naming the seats column")
    limits = make_limits(max_seconds, max_memory)
    sizes = _parse_sweep(sweep) if sweep is not None else None
    table = read_units_csv(file, name_col, value_col)
    if sizes is not None:
        # before the first apportionment; len() of a range past 2^63 overflows
        check_sweep(len(table.names), sizes.stop - sizes.start, limits)
    options: dict[str, Any] = {
        "total": total,
        "min_seats": min_seats,
        "max_seats": max_seats,
        "threshold": threshold,
        "exempt": tuple(exempt or ()),
        "reserved": _parse_reserved(reserved or []),
        "tie_break": tie_break,
        "seed": seed,
        "first_divisor": first_divisor,
        "value_label": table.value_label,
    }
    if elsewhere_col is not None:
        options["seats_elsewhere"] = table.column_numbers(elsewhere_col)
        options["min_seats_elsewhere"] = 1 if elsewhere_min is None else elsewhere_min
    result = apportion(table.pairs(), seats, method, **options)

    paradoxes = None
    if sizes is not None:
        sweep_opts = {k: v for k, v in options.items() if k != "total"}
        sw = house_sweep(table.pairs(), sizes, method, limits=limits, **sweep_opts)
        paradoxes = alabama_paradoxes(sw)
    power = _power(result, quota, limits) if then == "power" and quota is not None else None

    console = new_console()
    if as_json:
        data = result.to_dict()
        if result.complete and sum(result.seats) > 0:
            data["disproportionality"] = disproportionality(result).to_dict()
        if paradoxes is not None:
            data["alabama_paradoxes"] = [p.__dict__ for p in paradoxes]
        if power is not None:
            data["power"] = _power_json(power)
        typer.echo(json_text(data))
        return
    if as_csv:
        columns = ["name", result.value_label, "quota", "quota_exact", "seats"]
        typer.echo(csv_text(result.to_dict()["units"], columns), nl=False)
        return
    _render_table(result, console)
    if paradoxes is not None:
        if not paradoxes:
            console.print(f"No Alabama paradox for house sizes {sweep}.", markup=False)
        for p in paradoxes:
            console.print(
                f"Alabama paradox: {p.unit} has {p.seats_before} seats at {p.house_before} "
                f"but {p.seats_after} at {p.house_after}",
                markup=False,
            )
    if power is not None:
        _print_power(power, console)


def register(app: typer.Typer) -> None:
    """Add the ``apportion`` command to the main powershare app."""
    app.command("apportion")(apportion_command)
