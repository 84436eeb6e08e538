"""``powershare power GAME``: the voting power of every member."""

from __future__ import annotations

import sys
from dataclasses import replace
from typing import Annotated

import typer

from powershare.cli.errors import reports_errors
from powershare.cli.options import (
    CsvOption,
    JsonOption,
    check_one_format,
    make_limits,
    read_body,
)
from powershare.cli.output import csv_text, json_text
from powershare.cli.render import render_csv, render_table
from powershare.errors import PowershareError
from powershare.games.base import SimpleGame
from powershare.games.body import Body
from powershare.power.api import (
    MONTE_CARLO,
    Approximation,
    PowerTable,
    estimate_table,
    power_table,
    resolve_indices,
)
from powershare.power.blocs import Blocs, bloc_game
from powershare.power.graph import Graph
from powershare.power.indices import INDICES
from powershare.power.registry import Limits, format_seconds, registry
from powershare.structure.decisiveness import Decisiveness, decisiveness

__all__ = ["register", "power_command"]

GAME_HELP = (
    "The body: a dataset name (see 'powershare datasets'), the notation '[q; w1, w2, ...]' "
    "(e.g. '[12; 4,4,4,2,2,1]'), "
    "a 'Name:weight, ...' list, a CSV, TSV or .xlsx file (a name and a weight column; comma, "
    "semicolon or tab; decimal commas), a YAML/JSON scenario file, or '-' for standard input."
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
            help="Comma-separated indices, or 'all': " + ", ".join(INDICES) + ".",
        ),
    ] = "banzhaf,shapley",
    exact: Annotated[bool, typer.Option("--exact", help="Show exact fractions.")] = False,
    as_json: JsonOption = False,
    as_csv: CsvOption = False,
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
    blocs: Annotated[
        str | None,
        typer.Option(
            "--blocs",
            help="A-priori unions for owen and banzhaf_owen: 'A+B, C+D' or "
            "'North: A+B; South: C+D' (others stand alone). Overrides the scenario's 'blocs:'.",
        ),
    ] = None,
    graph: Annotated[
        str | None,
        typer.Option(
            "--graph",
            help="Who can cooperate, for myerson, banzhaf_graph, holler_connected: 'A-B, B-C-D' "
            "(a coalition acts as its connected parts; Myerson 1977). Overrides the file's.",
        ),
    ] = None,
    never_together: Annotated[
        str | None,
        typer.Option(
            "--never-together",
            help="Pairs that never govern together: 'A+B, C+D' (a coalition containing a pair "
            "cannot form). Overrides the file's.",
        ),
    ] = None,
    order: Annotated[
        str | None,
        typer.Option(
            "--order",
            help="A left-right order of all members, 'A, B, C': only neighbours in the order "
            "join (Axelrod's connected coalitions). Overrides the file's.",
        ),
    ] = None,
    by_bloc: Annotated[
        bool,
        typer.Option("--bloc-game", help="Also show the indices of the game of the blocs."),
    ] = False,
    allow_approx: Annotated[
        bool,
        typer.Option(
            "--allow-approx",
            help="When exact counting is refused (limits), estimate Banzhaf and Shapley-Shubik "
            "by Monte Carlo with a confidence interval per member (or use --method monte-carlo).",
        ),
    ] = False,
    precision: Annotated[
        float | None,
        typer.Option("--precision", help="Monte Carlo: stop when every half-width is below this."),
    ] = None,
    confidence: Annotated[
        float, typer.Option("--confidence", help="Monte Carlo: confidence of each interval.")
    ] = 0.99,
    samples: Annotated[
        int | None,
        typer.Option(
            "--samples", help="Monte Carlo: number of samples (the most, with --precision)."
        ),
    ] = None,
    seed: Annotated[int, typer.Option("--seed", help="Monte Carlo: random seed.")] = 0,
) -> None:
    """Voting power of every member of a body (Banzhaf, Shapley-Shubik, Holler, Deegan-Packel,
    Johnston, Coleman, Rae, Owen..., exact)."""
    check_one_format(as_json, as_csv)
    read = read_body(game, quota)
    body = read.game
    limits = make_limits(max_seconds, max_memory)
    structure = _blocs_for(read, blocs)
    if by_bloc and structure is None:
        raise typer.BadParameter("--bloc-game needs blocs: give --blocs or 'blocs:' in the file")
    restriction = _graph_for(read, graph, never_together, order)
    if restriction is not None and index == "banzhaf,shapley":  # the default: compare both
        index = "shapley,myerson,banzhaf_absolute,banzhaf_graph"
    keys = [s.key for s in resolve_indices(index)]
    wanted: str | list[str] = "all" if index.strip().lower() == "all" else keys
    approximate = None
    if allow_approx or method == MONTE_CARLO:
        approximate = Approximation(
            precision=precision,
            # without --samples, --precision or --max-seconds: 100,000 samples, not 600 s
            samples=100_000
            if samples is None and precision is None and max_seconds is None
            else samples,
            confidence=confidence,
            seed=seed,
            max_seconds=limits.max_seconds,  # the whole command: exact and sampled parts
        )
    elif precision is not None or samples is not None:
        raise typer.BadParameter(
            "--precision and --samples apply to Monte Carlo: add --allow-approx "
            "or --method monte-carlo"
        )
    table = _compute(body, wanted, method, limits, structure, approximate, restriction)
    quotient = None
    if by_bloc and structure is not None:
        # the blocs' own power: the plain indices asked for (Owen -> Shapley-Shubik, Banzhaf-Owen
        # -> Banzhaf when only bloc values were asked for)
        plain = [k for k in keys if not INDICES[k].needs_blocs] or [
            plain for k in keys if (plain := INDICES[k].without_blocs) is not None
        ]
        quotient = _compute(bloc_game(body, structure), plain, method, limits, None, approximate)
    able = _decisiveness(body, limits)
    if as_json:
        data = table.to_dict(exact=exact)
        if quotient is not None:
            data["bloc_game"] = quotient.to_dict(exact=exact)
        data["decisiveness"] = None if able is None else able.to_dict()
        typer.echo(json_text(data))
    elif as_csv:
        typer.echo(render_csv(table, exact=exact), nl=False)
    else:
        from powershare.cli.terminal import new_console  # rich: --json and --csv do without it

        render_table(table, new_console(), exact=exact)
        if able is not None:
            new_console(soft_wrap=True).print(
                "Decisiveness: " + able.sentence(), markup=False, highlight=False
            )
        if quotient is not None:
            render_table(quotient, new_console(), exact=exact, title="The game of the blocs")


def _decisiveness(body: SimpleGame, limits: Limits) -> Decisiveness | None:
    """How able the rule is to decide, or ``None`` when it cannot be counted within limits."""
    try:
        return decisiveness(body, limits=limits)
    except PowershareError:
        return None


def _compute(
    body: SimpleGame,
    indices: str | list[str],
    method: str,
    limits: Limits,
    blocs: Blocs | None,
    approximate: Approximation | None,
    graph: Graph | None = None,
) -> PowerTable:
    """The table, with a spinner for long exact work and a progress bar while sampling."""

    def run(approx: Approximation | None) -> PowerTable:
        return power_table(
            body,
            indices,
            method=method,
            limits=limits,
            blocs=blocs,
            approximate=approx,
            graph=graph,
        )

    slow = estimate_table(
        body,
        indices,
        method=method,
        limits=limits,
        blocs=blocs,
        approximate=approximate,
        graph=graph,
    ).seconds
    if not sys.stderr.isatty():
        return run(approximate)
    from powershare.cli.terminal import new_console

    err = new_console(stderr=True)
    if approximate is not None:
        from rich.progress import Progress

        with Progress(console=err, transient=True) as bar:
            task = bar.add_task("Sampling (Monte Carlo)", total=None)

            def advance(done: int, target: int | None) -> None:
                bar.update(task, completed=done, total=target)

            return run(replace(approximate, progress=advance))
    if slow > 1.0:
        with err.status(f"Counting exactly (estimated {format_seconds(slow)})..."):
            return run(approximate)
    return run(approximate)


def _blocs_for(read: Body, text: str | None) -> Blocs | None:
    """Blocs from ``--blocs``, else from the body's own (a scenario file's ``blocs:``)."""
    if text is not None:
        return Blocs.from_spec(read.game, text)
    if read.blocs:
        return Blocs.from_spec(read.game, read.blocs)
    return None


def _graph_for(
    read: Body, graph: str | None, never_together: str | None, order: str | None
) -> Graph | None:
    """The restriction from the options (at most one), else the scenario file's."""
    given = {
        k: v
        for k, v in (("graph", graph), ("never_together", never_together), ("order", order))
        if v is not None
    }
    if len(given) > 1:
        raise typer.BadParameter("give one of --graph, --never-together and --order")
    if given:
        return Graph.from_spec(read.game, given)
    if read.restriction:
        return Graph.from_spec(read.game, read.restriction)
    return None


@reports_errors
def methods_command(as_json: JsonOption = False, as_csv: CsvOption = False) -> None:
    """List the counting methods, what they count, and whether they are exact."""
    check_one_format(as_json, as_csv)
    rows = [
        {
            "name": m.name,
            "exact": m.exact,
            "counts": sorted(m.quantities),
            "summary": m.summary,
            "reference": m.reference,
        }
        for m in registry
    ]
    if as_json:
        typer.echo(json_text({"methods": rows}))
        return
    if as_csv:
        typer.echo(csv_text(rows), nl=False)
        return
    from powershare.cli.terminal import new_console

    console = new_console()
    for m in registry:
        kind = "exact" if m.exact else "approximate"
        console.print(f"[bold]{m.name}[/bold] ({kind}; counts {', '.join(sorted(m.quantities))})")
        console.print(f"    {m.summary}")
        console.print(f"    [dim]{m.reference}[/dim]")


def register(app: typer.Typer) -> None:
    """Add ``power`` and ``methods`` to the app."""
    app.command("power")(power_command)
    app.command("methods")(methods_command)
