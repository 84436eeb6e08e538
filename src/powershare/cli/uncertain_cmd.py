"""``powershare uncertain FILE``: power under uncertain seats, populations or polls."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from powershare.cli.errors import reports_errors
from powershare.cli.options import CsvOption, JsonOption, check_one_format
from powershare.cli.output import emit
from powershare.cli.terminal import new_console, print_styled, verbatim
from powershare.uncertainty import (
    Probability,
    UncertaintyResult,
    analyse_uncertain,
    load_uncertain,
)

__all__ = ["progress_bar", "register", "uncertain_command"]

DrawsOption = Annotated[int, typer.Option("--draws", help="Scenarios to draw (when not exact).")]
SeedOption = Annotated[int, typer.Option("--seed", help="Seed; same seed, same results.")]
LevelOption = Annotated[
    float, typer.Option("--level", help="Level of the power and probability intervals.")
]
SchedulerOption = Annotated[
    str | None,
    typer.Option(
        "--scheduler",
        help="Dask scheduler address (tcp://host:8786); default DASK_SCHEDULER_ADDRESS, "
        "else local.",
    ),
]
WorkersOption = Annotated[
    int | None, typer.Option("--workers", help="Local worker processes (default: cores).")
]
StoreOption = Annotated[
    str | None,
    typer.Option(
        "--store", "--resume", help="Directory of finished tasks: an interrupted run resumes."
    ),
]
IntervalOption = Annotated[
    str, typer.Option("--interval", help="wilson (default) or clopper-pearson.")
]


@contextmanager
def progress_bar(enabled: bool) -> Iterator[Callable[[int, int], None] | None]:
    """A rich progress bar of tasks done (on standard error), or ``None`` when disabled."""
    if not enabled:
        yield None
        return
    with Progress(
        TextColumn("tasks"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=new_console(stderr=True),
        transient=True,
    ) as bar:
        task = bar.add_task("tasks", total=None)

        def update(done: int, total: int) -> None:
            bar.update(task, completed=done, total=total)

        yield update


@reports_errors
def uncertain_command(
    file: Annotated[str, typer.Argument(help="Uncertain scenario file (docs/uncertainty.md).")],
    draws: DrawsOption = 10_000,
    seed: SeedOption = 0,
    level: LevelOption = 0.9,
    interval: IntervalOption = "wilson",
    no_exact: Annotated[
        bool, typer.Option("--no-exact", help="Draw even when the space is small enough.")
    ] = False,
    scheduler: SchedulerOption = None,
    workers: WorkersOption = None,
    store: StoreOption = None,
    as_json: JsonOption = False,
    as_csv: CsvOption = False,
) -> None:
    """How likely is a veto, what range of power: seats or populations as ranges or polls."""
    check_one_format(as_json, as_csv)
    scenario = load_uncertain(file)
    with progress_bar(not (as_json or as_csv)) as progress:
        result = analyse_uncertain(
            scenario,
            draws=draws,
            seed=seed,
            level=level,
            interval=interval,
            exact=False if no_exact else None,
            scheduler=scheduler,
            workers=workers,
            store=store,
            progress=progress,
        )
    if as_json or as_csv:
        emit(result.to_dict(), as_json=as_json, rows="members")
        return
    render_uncertain(result, new_console())


def _pct(x: float) -> str:
    return f"{100 * x:.1f}%"


def render_uncertain(result: UncertaintyResult, console: Console) -> None:
    """The result as tables."""
    how = (
        f"exact: all {result.draws:,} seat vectors enumerated"
        if result.exact
        else f"{result.draws:,} draws (seed {result.seed}; {result.distinct:,} distinct seat "
        f"vectors); probability intervals: {result.p_improper.method}"
    )
    head = result.indices[0]
    level = _pct(result.level)
    table = Table(title=verbatim(f"{result.scenario}: {head} power", "table.title"), caption=how)
    for col in (
        "Member",
        "Seats (mean)",
        "Mean",
        "Median",
        f"{level} interval",
        "P(veto)",
        "P(dummy)",
    ):
        table.add_column(col, justify="left" if col == "Member" else "right")

    def prob(p: Probability) -> str:
        if p.exact:
            return f"{_pct(float(p.value))} ({p.value})"
        return f"{_pct(float(p.value))} [{_pct(p.low)}, {_pct(p.high)}]"

    for m in result.members:
        s = m.power[head]
        table.add_row(
            verbatim(m.name),
            f"{m.seats.mean:.1f}",
            _pct(s.mean),
            _pct(s.median),
            f"{_pct(s.low)} - {_pct(s.high)}",
            prob(m.p_veto),
            prob(m.p_dummy),
        )
    console.print(table)
    console.print(
        f"P(rule improper: two disjoint coalitions can both win): {prob(result.p_improper)}",
        markup=False,
    )
    for label, p in result.allies:
        console.print(f"P({label} can block together): {prob(p)}", markup=False, highlight=False)
    for label, p in result.demands:
        console.print(f"P(demand holds: {label}): {prob(p)}", markup=False, highlight=False)
    for note in result.notes:
        print_styled(console, note, style="dim")


def register(app: typer.Typer) -> None:
    """Add ``uncertain`` to the CLI."""
    app.command("uncertain")(uncertain_command)
