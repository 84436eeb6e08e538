"""``powershare solutions GAME``: how the members would divide a prize (the core, the least
core and the nucleolus) and whether the rule is a weighted vote."""

from __future__ import annotations

import json
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.table import Table

from powershare.cli.errors import reports_errors
from powershare.cli.options import QuotaOption
from powershare.cli.power_cmd import GAME_HELP
from powershare.datasets import body_from_spec
from powershare.errors import MethodNotApplicableError
from powershare.games.base import SimpleGame
from powershare.games.weighted import WeightedGame
from powershare.structure.solutions import Solutions, solutions
from powershare.structure.weightedness import Weightedness, weightedness

__all__ = ["QUICK_TYPES", "register", "solutions_command", "structure_extras"]

QUICK_TYPES = 12
"""``structure`` computes the nucleolus of weighted games with at most this many distinct
weights (members of equal weight share one variable); ``solutions`` tries any."""


def _weightedness(game: SimpleGame) -> tuple[Weightedness | None, str | None]:
    try:
        return weightedness(game), None
    except MethodNotApplicableError as exc:
        return None, str(exc)


def _solutions(game: SimpleGame, ranges: bool) -> tuple[Solutions | None, str | None]:
    try:
        return solutions(game, ranges=ranges), None
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
    sol: Solutions | None
    why_sol: str | None
    if isinstance(game, WeightedGame) and len(set(game.weights)) > QUICK_TYPES:
        sol, why_sol = (
            None,
            (
                f"more than {QUICK_TYPES} distinct weights: run 'powershare solutions' for the "
                "nucleolus (it may take long)"
            ),
        )
    else:
        sol, why_sol = _solutions(game, ranges=False)
    if sol is None:
        out.update(nucleolus=None, least_core=None, solutions_note=why_sol)
    else:
        data = sol.to_dict()
        out.update(nucleolus=data["nucleolus"], least_core=data["least_core"], core=data["core"])
    return out


def render_weightedness(game: SimpleGame, console: Console) -> None:
    """Weightedness and the representation, in words."""
    found, why = _weightedness(game)
    if found is None:
        console.print(f"[bold]Weighted vote[/bold]: undecided ({why})", highlight=False)
        return
    console.print(
        f"[bold]Weighted vote[/bold]: {found.describe(list(game.names))}", highlight=False
    )
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
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON object.")] = False,
) -> None:
    """How the members would divide a prize: the core, the least core and the nucleolus."""
    body = body_from_spec(game, quota).game
    result = solutions(body, ranges=ranges)
    if as_json:
        typer.echo(json.dumps(result.to_dict(), indent=2))
        return
    console = Console()
    console.print(f"Rule: {body.describe()}.")
    for sentence in result.sentences():
        console.print(sentence, highlight=False)
    table = Table("member", "nucleolus", "least core: min", "least core: max")
    for i, name in enumerate(result.names):
        lo_hi = result.least_core_ranges[i] if result.least_core_ranges else None
        table.add_row(
            name,
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
