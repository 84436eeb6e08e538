"""``powershare sweep FILE...``: scenarios x rules x quotas as a tidy table and a plot."""

from __future__ import annotations

from typing import Annotated

import typer

from powershare.cli.errors import reports_errors
from powershare.cli.options import CsvOption, JsonOption, check_one_format
from powershare.cli.output import emit
from powershare.cli.terminal import new_console, print_styled
from powershare.cli.uncertain_cmd import (
    DrawsOption,
    IntervalOption,
    LevelOption,
    SchedulerOption,
    SeedOption,
    StoreOption,
    WorkersOption,
    progress_bar,
)
from powershare.uncertainty import load_uncertain, run_sweep

__all__ = ["register", "sweep_command"]


def _list(text: str | None) -> list[str] | None:
    if not text:
        return None
    return [part.strip() for part in text.split(",") if part.strip()]


@reports_errors
def sweep_command(
    files: Annotated[list[str], typer.Argument(help="Uncertain scenario files.")],
    quotas: Annotated[
        str | None, typer.Option("--quotas", help="Comma-separated quotas (majority,60%,2/3).")
    ] = None,
    methods: Annotated[
        str | None,
        typer.Option("--methods", help="Comma-separated apportionment methods (dhondt,hare)."),
    ] = None,
    draws: DrawsOption = 1_000,
    seed: SeedOption = 0,
    level: LevelOption = 0.9,
    interval: IntervalOption = "wilson",
    out: Annotated[
        str, typer.Option("--out", help="Directory for sweep.csv, sweep.parquet, sweep.png.")
    ] = "sweep-out",
    scheduler: SchedulerOption = None,
    workers: WorkersOption = None,
    store: StoreOption = None,
    as_json: JsonOption = False,
    as_csv: CsvOption = False,
) -> None:
    """Power over scenarios x apportionment methods x quotas: a tidy table and a plot."""
    check_one_format(as_json, as_csv)
    scenarios = [load_uncertain(f) for f in files]
    with progress_bar(not (as_json or as_csv)) as progress:
        result = run_sweep(
            scenarios,
            methods=_list(methods),
            quotas=_list(quotas),
            draws=draws,
            seed=seed,
            level=level,
            interval=interval,
            scheduler=scheduler,
            workers=workers,
            store=store,
            progress=progress,
        )
    written = result.write(out)
    if as_json or as_csv:
        data = result.to_dict()
        data["files"] = [str(p) for p in written]
        emit(data, as_json=as_json, rows="rows")
        return
    console = new_console()
    console.print(
        f"{result.cells} cells x {result.draws:,} draws (seed {result.seed}; {result.mode}, "
        f"{result.workers} worker(s)); {len(result.rows):,} rows",
        markup=False,
    )
    for path in written:
        console.print(f"wrote {path}", markup=False, highlight=False)
    for note in result.notes:
        print_styled(console, note, style="dim")


def register(app: typer.Typer) -> None:
    """Add ``sweep`` to the CLI."""
    app.command("sweep")(sweep_command)
