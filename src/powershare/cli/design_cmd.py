"""``powershare design VALUES`` and ``powershare settle DEMANDS``: rules that give the power we
want, and settlements every party accepts.  Parsing and rendering only; the work is in
:mod:`powershare.design`."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from powershare import datasets
from powershare.cli.errors import reports_errors
from powershare.cli.options import JsonOption, check_one_format
from powershare.cli.output import emit
from powershare.cli.render_design import render_frontier
from powershare.cli.terminal import new_console, print_styled, verbatim
from powershare.design import (
    DESIGN_METHODS,
    ESTIMATE_LIMIT_SECONDS,
    RANK_KINDS,
    TARGET_KINDS,
    DistanceByQuota,
    SettlementResult,
    SquareRootDesign,
    bounds_around,
    distance_by_quota,
    estimate_settlement,
    load_demands,
    make_target,
    settle,
    square_root_design,
)
from powershare.design.frontier import design_frontier
from powershare.errors import InvalidInputError
from powershare.games.body import Body
from powershare.games.columns import read_named_values
from powershare.games.numbers import parse_exact

__all__ = ["design_command", "parse_values", "register", "settle_command"]

VALUES_HELP = (
    "Members and their numbers: 'A:100, B:50, C:25', a CSV file (comma, semicolon or tab; "
    "the value column is --column, default the first numeric one), a dataset name or a "
    "scenario file (their populations, else weights; or --column). The numbers are "
    "populations or shares for the target, or the fixed weights with --quota-only."
)
_SCENARIO_SUFFIXES = {".yaml", ".yml", ".json"}


def parse_values(spec: str, column: str | None = None) -> tuple[list[str], list[Any]]:
    """Names and values from ``'A:1, B:2'``, a CSV file, a dataset name or a scenario file.

    CSV files are read by :func:`powershare.games.columns.read_named_values` (comma, semicolon
    or tab; the value column is ``column``, else the first numeric one).  A dataset or scenario
    file gives its members with their populations (when every member has one), else their
    weights; ``column`` chooses ``population``, ``weight`` or another member column.
    """
    named = datasets.find(spec) is not None and not Path(spec).exists()
    if named or Path(spec).suffix.lower() in _SCENARIO_SUFFIXES:
        return _body_values(datasets.body_from_spec(spec), spec, column)
    table = read_named_values(spec, value_col=column, prefer=(), what="values file")
    values: list[Any] = list(table.numbers())
    return list(table.names), values


def _body_values(body: Body, spec: str, column: str | None) -> tuple[list[str], list[Any]]:
    names = list(body.names)
    pops = body.populations
    if column is None:
        column = "population" if pops is not None and None not in pops else "weight"
    key = column.strip().lower()
    found: tuple[object, ...] | None
    if key == "population":
        found = pops
    elif key in ("weight", "seats") and body.weights is not None:
        found = body.weights
    else:
        found = body.column(column)
    if found is None or any(v is None for v in found):
        raise InvalidInputError(
            f"{spec}: not every member has a {column!r}; choose another with --column "
            "(population, weight or a member column)"
        )
    values = [parse_exact(v, what=f"{column} of {n!r}") for n, v in zip(names, found, strict=True)]
    return names, list(values)


def _ints(names: list[str], values: list[Any], what: str) -> list[int]:
    out = []
    for name, v in zip(names, values, strict=True):
        x = parse_exact(v, what=f"{what} of {name!r}", allow_percent=False)
        if x.denominator != 1 or x < 0:
            raise InvalidInputError(f"{what} of {name!r} is {v!r}; give a whole number, 0 or more")
        out.append(int(x))
    return out


def _quota_range(text: str) -> tuple[str, str]:
    if ".." not in text:
        raise InvalidInputError(
            f"--quota-range {text!r}: write LOW..HIGH, e.g. 'majority..100%' or '55%..75%'"
        )
    lo, hi = text.split("..", 1)
    return lo.strip(), hi.strip()


@contextmanager
def _progress(enabled: bool, label: str) -> Iterator[Callable[[int, int | None, str], None] | None]:
    console = new_console(stderr=True)
    if not enabled or not console.is_terminal:
        yield None
        return
    with Progress(
        TextColumn("[bold]{task.description}"),
        BarColumn(),
        TextColumn("{task.fields[message]}"),
        TimeElapsedColumn(),
        console=console,
        transient=True,
    ) as bar:
        task = bar.add_task(label, total=None, message="")

        def update(done: int, total: int | None, message: str) -> None:
            bar.update(task, completed=done, total=total, message=message)

        yield update


@reports_errors
def design_command(
    values: Annotated[str, typer.Argument(help=VALUES_HELP, show_default=False)],
    target: Annotated[
        str,
        typer.Option("--target", "-t", help="Target power: " + ", ".join(TARGET_KINDS) + "."),
    ] = "equal",
    column: Annotated[
        str | None, typer.Option("--column", help="CSV column holding the values.")
    ] = None,
    index: Annotated[str, typer.Option("--index", "-i", help="Power index.")] = "banzhaf",
    distance: Annotated[
        str, typer.Option("--distance", help="max_abs, l1, l2 or max_rel.")
    ] = "max_abs",
    total_weight: Annotated[
        int | None,
        typer.Option("--total-weight", help="Integer weights sum to this (fixed seats)."),
    ] = None,
    quota: Annotated[
        str | None, typer.Option("--quota", "-q", help="A fixed quota, e.g. 65% (else searched).")
    ] = None,
    quota_range: Annotated[
        str, typer.Option("--quota-range", help="Quotas searched, LOW..HIGH.")
    ] = "majority..100%",
    bounds: Annotated[
        float | None,
        typer.Option(
            "--bounds",
            help="Tie weights to the values: each within this relative distance of "
            "proportional (0.2 = +-20%).",
        ),
    ] = None,
    method: Annotated[
        str, typer.Option("--method", help="Search: " + ", ".join(DESIGN_METHODS) + ".")
    ] = "auto",
    quota_only: Annotated[
        bool,
        typer.Option("--quota-only", help="The values are fixed weights: find the best quota."),
    ] = False,
    two_tier: Annotated[
        bool,
        typer.Option(
            "--two-tier",
            help="The values are populations: square-root weights, optimal quota, citizen power.",
        ),
    ] = False,
    curve: Annotated[
        bool, typer.Option("--curve", help="With --quota-only: print the whole curve.")
    ] = False,
    max_seconds: Annotated[
        float, typer.Option("--max-seconds", help="Time budget; the best so far is returned.")
    ] = 60.0,
    min_decisiveness: Annotated[
        str | None,
        typer.Option(
            "--min-decisiveness",
            help="Choose the closest rule letting at least this share of all coalitions pass "
            "a decision (e.g. 10%); without it the whole frontier is shown.",
        ),
    ] = None,
    plot: Annotated[
        Path | None,
        typer.Option("--plot", help="Draw the frontier to this file (.svg, .png, .pdf)."),
    ] = None,
    as_json: JsonOption = False,
    as_csv: Annotated[
        bool,
        typer.Option(
            "--csv",
            help="Print CSV: one row per rule of the frontier (per member with --quota-only "
            "or --two-tier).",
        ),
    ] = False,
) -> None:
    """Design rules whose power is close to a target (inverse power problem): the frontier of
    distance to the target against decisiveness, and the closest rule above a floor."""
    check_one_format(as_json, as_csv)
    names, raw = parse_values(values, column)
    console = new_console(soft_wrap=True)
    show_bar = not (as_json or as_csv)
    if two_tier:
        pops = _ints(names, raw, "population")
        sq = square_root_design(
            pops,
            names=names,
            total_weight=total_weight,
            distance=distance,
            quota_range=_quota_range(quota_range),
            max_seconds=max_seconds,
        )
        if as_json or as_csv:
            emit(sq.to_dict(), as_json=as_json, rows="members")
        else:
            _render_sqrt(sq, console)
        return
    t = make_target(target, len(names), raw if target != "equal" else None)
    if quota_only:  # the values are the weights; the target is computed from them too
        ws = _ints(names, raw, "weight")
        with _progress(show_bar, "quotas") as progress:
            c = distance_by_quota(
                ws,
                t,
                index=index,
                distance=distance,
                quota_range=_quota_range(quota_range),
                progress=progress,
                max_seconds=max_seconds,
            )
        if as_json:
            emit(c.to_dict() if curve else _curve_summary(c, names), as_json=True, rows="")
        elif as_csv:
            emit(_curve_summary(c, names), as_json=False, rows="members")
        else:
            _render_curve(c, names, console, curve)
        return
    lo = hi = None
    if bounds is not None:
        total = total_weight or 10_000
        lo, hi = bounds_around(raw, total, bounds)
    with _progress(show_bar, "designing") as progress:
        f = design_frontier(
            t,
            names=names,
            index=index,
            distance=distance,
            total_weight=total_weight,
            min_weight=lo,
            max_weight=hi,
            quota=quota,
            quota_range=_quota_range(quota_range),
            method=method,
            min_decisiveness=min_decisiveness,
            max_seconds=max_seconds,
            progress=progress,
        )
    if plot is not None:
        f.save_plot(str(plot))
    if as_json or as_csv:
        emit(f.to_dict(), as_json=as_json, rows="frontier")
    else:
        render_frontier(f, console)
        if plot is not None:
            console.print(f"Plot written to {plot}.", markup=False, highlight=False)


def _curve_summary(c: DistanceByQuota, names: list[str]) -> dict[str, Any]:
    out = c.to_dict()
    del out["curve"]
    out["members"] = [
        {"name": n, "weight": c.weights[i], "power": c.best_power[i], "target": c.target[i]}
        for i, n in enumerate(names)
    ]
    return out


def _pp(x: float) -> str:
    return f"{x * 100:.3f}"


def _render_curve(c: DistanceByQuota, names: list[str], console: Console, full: bool) -> None:
    table = Table(title=f"Best quota {c.best_quota} of {c.total_weight} ({c.best_share:.2%})")
    for col in ("member", "weight", "power %", "target %"):
        table.add_column(col, justify="left" if col == "member" else "right")
    for i, name in enumerate(names):
        table.add_row(verbatim(name), str(c.weights[i]), _pp(c.best_power[i]), _pp(c.target[i]))
    console.print(table)
    console.print(
        f"{c.distance_kind} distance {c.best_distance:.6g}; "
        + (
            f"every quota {c.quota_range[0]}..{c.quota_range[1]} evaluated (proven optimal)"
            if c.proven
            else f"{len(c.quotas)} quotas evaluated (not proven optimal)"
        ),
        highlight=False,
    )
    if full:  # one write: thousands of quotas through rich's renderer took tens of seconds
        lines = [
            f"{q},{q / c.total_weight:.6f},{d:.8g}"
            for q, d in zip(c.quotas, c.distances, strict=True)
        ]
        console.file.write("\n".join(["quota,share,distance", *lines]) + "\n")


def _render_sqrt(d: SquareRootDesign, console: Console) -> None:
    total = sum(d.weights)
    table = Table(title=f"Square-root rule: quota {d.quota} of {total} ({d.quota / total:.2%})")
    for col in ("unit", "population", "weight", "power %", "sqrt target %", "citizen power"):
        table.add_column(col, justify="left" if col == "unit" else "right")
    for i, name in enumerate(d.names):
        table.add_row(
            verbatim(name),
            f"{d.populations[i]:,}",
            str(d.weights[i]),
            _pp(d.unit_power[i]),
            _pp(d.target[i]),
            f"{d.citizen_power[i]:.4g}",
        )
    console.print(table)
    console.print(
        f"{d.distance_kind} distance {d.distance:.6g}; citizen power spread (max/min - 1) "
        f"{d.citizen_spread:.3%}; closed-form quota (Slomczynski-Zyczkowski) "
        f"{d.jagiellonian_quota_share:.2%}, large-union limit {d.limit_quota_share:.2%}.",
        highlight=False,
    )
    console.print(f"Searched: {d.searched}.", markup=False, highlight=False)


@reports_errors
def settle_command(
    demands: Annotated[
        str, typer.Argument(help="A demands file (YAML or JSON).", show_default=False)
    ],
    top: Annotated[int, typer.Option("--top", help="Show this many of the best games.")] = 5,
    rank: Annotated[
        str | None,
        typer.Option(
            "--rank",
            help="Rank by closeness to equal power, seat shares, population shares, or by "
            "decisiveness: " + ", ".join(RANK_KINDS) + " (default: the file's rank).",
        ),
    ] = None,
    max_seconds: Annotated[
        float | None,
        typer.Option(
            "--max-seconds",
            help="Time budget; without it searches estimated above "
            f"{ESTIMATE_LIMIT_SECONDS:.0f} s are refused (exit 3).",
        ),
    ] = None,
    as_json: JsonOption = False,
    as_csv: Annotated[
        bool,
        typer.Option("--csv", help="Print CSV: one row per settlement found (best first)."),
    ] = False,
) -> None:
    """Find rules that meet every party's demands, or the smallest set that conflict."""
    check_one_format(as_json, as_csv)
    quiet = as_json or as_csv
    problem = load_demands(demands)
    if rank is not None:
        problem = dataclasses.replace(problem, rank_by=rank.strip().lower())
    console = new_console(soft_wrap=True)
    est = estimate_settlement(problem)
    if not quiet:
        new_console(stderr=True, soft_wrap=True).print(
            f"Searching {est.describe()}.", markup=False, highlight=False
        )
    with _progress(not quiet, "settling") as progress:
        result = settle(problem, top=top, max_seconds=max_seconds, progress=progress)
    if quiet:
        emit(result.to_dict(), as_json=as_json, rows="settlements")
        return
    _render_settlement(result, console)


def _render_settlement(r: SettlementResult, console: Console) -> None:
    p = r.problem
    if p.title:
        print_styled(console, p.title)
    console.print(r.statement(), markup=False, highlight=False)
    if not r.complete:
        print_styled(console, f"{r.coverage().capitalize()}.", highlight=False)
    for k, s in enumerate(r.settlements, start=1):
        head = s.descriptions[0] if s.descriptions else s.rule
        console.print()
        print_styled(console, f"{k}. {head}", f"  (score {s.score:.4f})", highlight=False)
        if s.warnings:
            warnings = f" {'; '.join(s.warnings)}"
            print_styled(
                console, "Degenerate:", warnings, style="bold red", before="   ", highlight=False
            )
        console.print(f"   Rule: {s.rule}", markup=False, highlight=False)
        others = s.descriptions[1:]
        if others:
            console.print(
                "   Also written as: " + "; ".join(others[:5]), markup=False, highlight=False
            )
        if s.writings > 1:
            console.print(
                f"   {s.writings:,} rules of the family are this same game.", highlight=False
            )
        if s.weighted:
            console.print(f"   Weighted? {s.weighted}.", markup=False, highlight=False)
        table = Table(box=None, padding=(0, 1), pad_edge=False)
        table.add_column("   member", justify="left")
        table.add_column("seats", justify="right")
        for index in s.shares:
            table.add_column(f"{index} %", justify="right")
        table.add_column("veto", justify="left")
        for i, name in enumerate(p.names):
            table.add_row(
                verbatim(f"   {name}"),
                str(s.seats[i]),
                *(f"{v[i] * 100:.1f}" for v in s.shares.values()),
                "veto" if name in s.vetoes else "",
            )
        console.print(table)
        console.print(
            f"   Decisiveness {s.decisiveness:.1%} (Coleman's power to act). "
            + " ".join(s.decisiveness_words),
            markup=False,
            highlight=False,
        )
    if not r.found and r.irreducible and r.irreducible != r.conflict:
        console.print(
            "Deletion filter (irreducible) set: "
            + "; ".join(p.demands[i].describe() for i in r.irreducible),
            markup=False,
            highlight=False,
        )
    console.print(f"\n{r.seconds:.2f} s (estimated {r.estimate_seconds:.1f} s).", highlight=False)
    for note in r.notes:
        console.print(f"Note: {note}", markup=False, highlight=False)


def register(app: typer.Typer) -> None:
    """Add ``design`` and ``settle`` to the app."""
    app.command("design")(design_command)
    app.command("settle")(settle_command)
