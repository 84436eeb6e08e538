"""``powershare structure GAME``: minimal winning and blocking coalitions, veto players,
dummies, the dictator, equivalent members, the desirability order and the game's properties."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Annotated

import typer
from rich.console import Console

from powershare.cli.errors import reports_errors
from powershare.cli.options import (
    CsvOption,
    JsonOption,
    MaxMemoryOption,
    MaxSecondsOption,
    QuotaOption,
    check_one_format,
    make_limits,
    read_body,
)
from powershare.cli.output import csv_text, json_text
from powershare.cli.power_cmd import GAME_HELP
from powershare.cli.solutions_cmd import render_weightedness, structure_extras
from powershare.cli.terminal import new_console, print_styled
from powershare.errors import InvalidInputError, MethodNotApplicableError
from powershare.structure import GameStructure, analyse, structure_facts

__all__ = ["register", "structure_command"]


@reports_errors
def structure_command(
    game: Annotated[str, typer.Argument(help=GAME_HELP, show_default=False)],
    quota: QuotaOption = None,
    limit: Annotated[
        int,
        typer.Option(
            "--limit",
            help="List at most this many coalitions of each kind (0: none; counts "
            "are always exact).",
        ),
    ] = 20,
    as_json: JsonOption = False,
    as_csv: CsvOption = False,
    max_seconds: MaxSecondsOption = None,
    max_memory: MaxMemoryOption = None,
) -> None:
    """Who can win together, who can block, who is needed and who never matters."""
    check_one_format(as_json, as_csv)
    if limit < 0:
        raise InvalidInputError(f"--limit {limit} must be 0 or more")
    limits = make_limits(max_seconds, max_memory)
    body = read_body(game, quota).game
    try:
        facts = analyse(body, limit, limits)
    except MethodNotApplicableError:
        # past the enumeration limit: vetoes and dummies from the exact swing counts
        found = structure_facts(body, limit, limits=limits)
        if as_json:
            typer.echo(json_text({**found, **structure_extras(body)}))
        elif as_csv:
            typer.echo(
                csv_text(
                    member_rows(
                        body.names, found["veto_players"], found["dummies"], found["dictator"]
                    )
                ),
                nl=False,
            )
        else:
            render_special(found, new_console(), body.describe())
            render_weightedness(body, new_console())
        return
    if as_json:
        data = facts.to_dict()
        data["enumerated"] = True
        data.update(structure_extras(body))
        typer.echo(json_text(data))
        return
    if as_csv:
        rows = member_rows(
            facts.names,
            facts.named(facts.veto),
            facts.named(facts.dummies),
            None if facts.dictator is None else facts.names[facts.dictator],
            [facts.named(c) for c in facts.desirability.classes],
        )
        typer.echo(csv_text(rows), nl=False)
        return
    render_structure(facts, new_console(), body.describe())
    render_weightedness(body, new_console())


def member_rows(
    names: Sequence[str],
    vetoes: object,
    dummies: object,
    dictator: object,
    classes: Sequence[Sequence[str]] | None = None,
) -> list[dict[str, object]]:
    """``structure --csv``: one row per member: veto player, dummy, dictator and, when
    enumerated, the rank of its desirability class (1: most desirable)."""
    veto = set(vetoes) if isinstance(vetoes, list | tuple) else set()
    dummy = set(dummies) if isinstance(dummies, list | tuple) else set()
    rank = {n: k for k, members in enumerate(classes or (), start=1) for n in members}
    return [
        {
            "name": name,
            "veto": name in veto,
            "dummy": name in dummy,
            "dictator": name == dictator,
            "desirability_rank": rank.get(name),
        }
        for name in names
    ]


def render_special(found: dict[str, object], console: Console, rule: str) -> None:
    """Veto players, dummies and the dictator of a rule too large to enumerate, in words."""

    def names(value: object) -> str:
        return ", ".join(value) if isinstance(value, list) and value else "none"

    console.print(f"Rule: {rule}.", markup=False)
    print_styled(console, "Veto players", f": {names(found['veto_players'])}")
    print_styled(console, "Dummies (never decisive)", f": {names(found['dummies'])}")
    print_styled(console, "Dictator", f": {found['dictator'] or 'none'}")
    digits = str(found["winning_coalitions"])
    count = (
        f"{int(digits):,}"
        if len(digits) <= 18
        else f"about {digits[0]}.{digits[1:4]}e{len(digits) - 1}"
    )
    console.print(f"Winning coalitions: {count}")
    console.print(f"Not listed: {found['note']}", markup=False, highlight=False)


def _list(facts: GameStructure, coalitions: tuple[tuple[int, ...], ...]) -> str:
    return "\n".join("  {" + ", ".join(facts.named(c)) + "}" for c in coalitions)


def render_structure(facts: GameStructure, console: Console, rule: str) -> None:
    """The structure in words."""
    console.print(f"Rule: {rule}.", markup=False)
    for label, listed, count in (
        ("Minimal winning coalitions", facts.minimal_winning, facts.minimal_winning_count),
        ("Minimal blocking coalitions", facts.minimal_blocking, facts.minimal_blocking_count),
    ):
        shown = f" (first {len(listed)} shown)" if len(listed) < count else ""
        console.print(f"[bold]{label}[/bold]: {count:,}{shown}")
        if listed:
            console.print(_list(facts, listed), markup=False, highlight=False)

    def names(members: tuple[int, ...]) -> str:
        return ", ".join(facts.named(members)) or "none"

    print_styled(console, "Veto players", f": {names(facts.veto)}")
    print_styled(console, "Dummies (never decisive)", f": {names(facts.dummies)}")
    dictator = "none" if facts.dictator is None else facts.names[facts.dictator]
    print_styled(console, "Dictator", f": {dictator}")
    classes = facts.desirability.classes
    order = " > ".join("{" + ", ".join(facts.named(c)) + "}" for c in classes)
    kind = "complete" if facts.desirability.complete else "NOT complete (some pairs incomparable)"
    print_styled(console, "Desirability", f" ({kind}): {order}", highlight=False)

    def yes(value: bool | None) -> str:
        return "n/a" if value is None else "yes" if value else "no"

    console.print(
        f"Proper: {yes(facts.proper)}; strong: {yes(facts.strong)}; "
        f"decisive: {yes(facts.decisive)}; homogeneous (these weights): {yes(facts.homogeneous)}"
    )


def register(app: typer.Typer) -> None:
    """Add ``structure`` to the app."""
    app.command("structure")(structure_command)
