"""``powershare solutions GAME``: how the members would divide a prize (the core, the least
core and the nucleolus) and whether the rule is a weighted vote."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any

import typer

from powershare.cli.errors import reports_errors
from powershare.cli.options import (
    CsvOption,
    JsonOption,
    QuotaOption,
    check_one_format,
    make_limits,
    read_body,
)
from powershare.cli.power_cmd import GAME_HELP
from powershare.errors import MethodNotApplicableError, ResourceLimitError

if TYPE_CHECKING:
    from rich.console import Console

    from powershare.games.base import SimpleGame
    from powershare.structure.solutions import Solutions
    from powershare.structure.weightedness import Weightedness

__all__ = ["STRUCTURE_SECONDS", "register", "solutions_command", "structure_extras"]

STRUCTURE_SECONDS = 10.0
"""``structure`` gives the nucleolus and least core this long (``solutions`` takes
``--max-seconds``); past it, ``structure --json`` says why they are missing."""


def _weightedness(game: SimpleGame) -> tuple[Weightedness | None, str | None]:
    from powershare.structure.weightedness import weightedness

    try:
        return weightedness(game, max_seconds=STRUCTURE_SECONDS), None
    except ResourceLimitError as exc:
        return None, f"{exc} ({STRUCTURE_SECONDS:g} s)"
    except MethodNotApplicableError as exc:
        return None, str(exc)


def _solutions(game: SimpleGame, ranges: bool) -> tuple[Solutions | None, str | None]:
    from powershare.structure.solutions import solutions

    try:
        return solutions(game, ranges=ranges, max_seconds=STRUCTURE_SECONDS), None
    except ResourceLimitError as exc:
        return None, f"{exc} (run 'powershare solutions' with a larger --max-seconds)"
    except MethodNotApplicableError as exc:
        return None, str(exc)


def structure_extras(game: SimpleGame) -> dict[str, Any]:
    """The JSON keys ``structure --json`` adds: ``weighted``, ``representation``,
    ``weightedness``, ``nucleolus``, ``least_core`` (``null`` with a reason when undecided)."""
    found, why = _weightedness(game)
    names = list(game.names)
    out: dict[str, Any] = {
        "weighted": found.weighted if found else None,
        "representation": (
            {"quota": found.quota, "weights": dict(zip(names, found.weights or (), strict=True))}
            if found and found.weighted
            else None
        ),
        "weightedness": found.to_dict(names) if found else {"undecided": why},
    }
    sol, why_sol = _solutions(game, ranges=False)
    if sol is None:
        out.update(nucleolus=None, least_core=None, solutions_note=why_sol)
    else:
        data = sol.to_dict()
        out.update(nucleolus=data["nucleolus"], least_core=data["least_core"], core=data["core"])
    return out


def render_weightedness(game: SimpleGame, console: Console) -> None:
    """Weightedness and the representation, in words."""
    from powershare.cli.terminal import print_styled

    found, why = _weightedness(game)
    if found is None:
        print_styled(console, "Weighted vote", f": undecided ({why})", highlight=False)
        return
    print_styled(console, "Weighted vote", f": {found.describe(list(game.names))}", highlight=False)
    if found.weighted and not found.minimal:
        console.print("  (these are the rule's own weights, not proven the smallest)")
    if found.complete is not None:
        console.print(
            f"  complete (desirability total): {'yes' if found.complete else 'no'}; "
            f"swap-robust: {'yes' if found.swap_robust else 'no'}"
        )


@reports_errors
def solutions_command(
    game: Annotated[str, typer.Argument(help=GAME_HELP, show_default=False)],
    quota: QuotaOption = None,
    ranges: Annotated[
        bool, typer.Option("--ranges/--no-ranges", help="Each member's range in the least core.")
    ] = True,
    max_seconds: Annotated[
        float | None,
        typer.Option("--max-seconds", help="Stop the search past this many seconds (default 600)."),
    ] = None,
    as_json: JsonOption = False,
    as_csv: CsvOption = False,
) -> None:
    """How the members would divide a prize: the core, the least core and the nucleolus."""
    from rich.table import Table

    from powershare.cli.output import csv_text, json_text
    from powershare.cli.terminal import new_console, verbatim
    from powershare.structure.solutions import solutions

    check_one_format(as_json, as_csv)
    body = read_body(game, quota).game
    seconds = make_limits(max_seconds, None).max_seconds
    result = solutions(body, ranges=ranges, max_seconds=seconds)
    if as_json:
        typer.echo(json_text(result.to_dict()))
        return
    if as_csv:
        spans = result.least_core_ranges
        rows = [
            {
                "name": name,
                "nucleolus": result.nucleolus[i],
                "nucleolus_float": float(result.nucleolus[i]),
                "least_core_min": spans[i][0] if spans else None,
                "least_core_max": spans[i][1] if spans else None,
            }
            for i, name in enumerate(result.names)
        ]
        typer.echo(csv_text(rows), nl=False)
        return
    console = new_console()
    console.print(f"Rule: {body.describe()}.", markup=False)
    for sentence in result.sentences():
        console.print(sentence, markup=False, highlight=False)
    table = Table("member", "nucleolus", "least core: min", "least core: max")
    for i, name in enumerate(result.names):
        lo_hi = result.least_core_ranges[i] if result.least_core_ranges else None
        table.add_row(
            verbatim(name),
            f"{float(result.nucleolus[i]):.4f} ({result.nucleolus[i]})",
            f"{float(lo_hi[0]):.4f}" if lo_hi else "-",
            f"{float(lo_hi[1]):.4f}" if lo_hi else "-",
        )
    console.print(table)
    if not result.verified:
        console.print("Note: the exact check of the result did not pass; treat it as approximate.")


def register(app: typer.Typer) -> None:
    """Add ``solutions`` to the app."""
    app.command("solutions")(solutions_command)
