"""The typer application and its sub-commands, loaded on demand.

``powershare --help`` lists every command from :data:`COMMANDS` without importing any of
them; running a command imports its module only (``powershare power ...`` never loads the
audit, the web app or the design search).  A new verb is one line in :data:`COMMANDS`: its
module and its summary (the first paragraph of the command's docstring, which
``tests/cli/test_cli_conventions.py`` checks).
"""

from __future__ import annotations

import importlib
from collections.abc import Iterator, MutableMapping
from typing import Annotated, Any

import typer
from typer.core import TyperCommand, TyperGroup

from powershare._version import __version__

__all__ = ["COMMANDS", "CONTEXT_SETTINGS", "LazyGroup", "app", "load_commands"]

COMMANDS: dict[str, tuple[str, str]] = {
    "power": (
        "powershare.cli.power_cmd",
        "Voting power of every member of a body (Banzhaf, Shapley-Shubik, Holler, Deegan-Packel, "
        "Johnston, Coleman, Rae, Owen..., exact).",
    ),
    "methods": (
        "powershare.cli.power_cmd",
        "List the counting methods, what they count, and whether they are exact.",
    ),
    "structure": (
        "powershare.cli.structure_cmd",
        "Who can win together, who can block, who is needed and who never matters.",
    ),
    "audit": (
        "powershare.cli.audit_cmd",
        "Audit a body: is power equally distributed and decentralised; who gains, who loses?",
    ),
    "design": (
        "powershare.cli.design_cmd",
        "Design rules whose power is close to a target (inverse power problem): the frontier of "
        "distance to the target against decisiveness, and the closest rule above a floor.",
    ),
    "settle": (
        "powershare.cli.design_cmd",
        "Find rules that meet every party's demands, or the smallest set that conflict.",
    ),
    "serve": (
        "powershare.cli.serve_cmd",
        "Start the local web app: edit a body and its rule, see power live, save scenarios.",
    ),
    "apportion": (
        "powershare.cli.apportion",
        "Apportion seats among units by a divisor or largest-remainder method.",
    ),
    "datasets": (
        "powershare.cli.datasets_cmd",
        "List the shipped datasets, or show one with its sources and caveats.",
    ),
    "package": (
        "powershare.cli.package_cmd",
        "Each party's power per institution and issue area, its portfolios, and the package "
        "summary (salience-weighted power) beside its seat and population shares.",
    ),
    "solutions": (
        "powershare.cli.solutions_cmd",
        "How the members would divide a prize: the core, the least core and the nucleolus.",
    ),
    "uncertain": (
        "powershare.cli.uncertain_cmd",
        "How likely is a veto, what range of power: seats or populations as ranges or polls.",
    ),
    "sweep": (
        "powershare.cli.sweep_cmd",
        "Power over scenarios x apportionment methods x quotas: a tidy table and a plot.",
    ),
}
"""Command name -> (module with its ``register(app)``, summary shown by ``powershare --help``),
in the order of the help."""

CONTEXT_SETTINGS: dict[str, Any] = {"help_option_names": ["-h", "--help"], "max_content_width": 120}
"""``-h`` and ``--help`` on the app and, inherited through click's context, on every command;
help as wide as the terminal up to 120 columns (click's default stops at 80)."""

_SETTINGS: dict[str, Any] = {
    "pretty_exceptions_enable": False,
    "rich_markup_mode": None,
    "context_settings": CONTEXT_SETTINGS,
}


def load_commands(module: str) -> dict[str, Any]:
    """The click commands a command module registers (imports the module)."""
    holder = typer.Typer(**_SETTINGS)
    importlib.import_module(module).register(holder)
    return dict(typer.main.get_group(holder).commands)


class _Commands(MutableMapping[str, Any]):
    """The group's commands: every name of :data:`COMMANDS` is a key; a command's module is
    imported when the command is first looked up."""

    def __init__(self, given: MutableMapping[str, Any]) -> None:
        self._loaded: dict[str, Any] = dict(given)

    def __getitem__(self, name: str) -> Any:
        if name not in self._loaded and name in COMMANDS:
            self._loaded.update(load_commands(COMMANDS[name][0]))
        return self._loaded[name]

    def __setitem__(self, name: str, command: Any) -> None:
        self._loaded[name] = command

    def __delitem__(self, name: str) -> None:
        del self._loaded[name]

    def __iter__(self) -> Iterator[str]:
        yield from COMMANDS
        yield from (name for name in self._loaded if name not in COMMANDS)

    def __len__(self) -> int:
        return len(COMMANDS) + sum(name not in COMMANDS for name in self._loaded)


class LazyGroup(TyperGroup):
    """A typer group whose commands are imported when run, not when listed.

    While the help or the shell completion lists the commands, :meth:`get_command` answers with
    a stand-in carrying the summary of :data:`COMMANDS`; otherwise with the real command.
    """

    def __init__(self, **attrs: Any) -> None:
        super().__init__(**attrs)
        self.commands = _Commands(self.commands)
        self._listing = False

    def list_commands(self, ctx: Any) -> list[str]:
        return list(self.commands)  # the names; typer's own reads every command

    def get_command(self, ctx: Any, cmd_name: str) -> Any:
        if self._listing and cmd_name in COMMANDS:
            summary = COMMANDS[cmd_name][1]
            return TyperCommand(name=cmd_name, help=summary, short_help=summary)
        return self.commands.get(cmd_name)

    def format_help(self, ctx: Any, formatter: Any) -> None:
        self._listing = True
        try:
            super().format_help(ctx, formatter)
        finally:
            self._listing = False

    def shell_complete(self, ctx: Any, incomplete: str) -> list[Any]:
        self._listing = True
        try:
            return super().shell_complete(ctx, incomplete)
        finally:
            self._listing = False


app = typer.Typer(
    name="powershare",
    help="Measure and design power-sharing: who really holds power in a council.\n\n"
    "A body is a dataset name, the notation '[q; w1, ...]', a 'Name:weight' list or a file; "
    "'-' reads the file from standard input.",
    no_args_is_help=True,
    add_completion=True,
    cls=LazyGroup,
    **_SETTINGS,
)


def _show_version(value: bool) -> None:
    if value:
        typer.echo(f"powershare {__version__}")
        raise typer.Exit()


@app.callback()
def _main(
    version: Annotated[
        bool,
        typer.Option(
            "--version",
            callback=_show_version,
            is_eager=True,
            help="Print the version and exit.",
        ),
    ] = False,
) -> None:
    """The options of ``powershare`` itself (before the command)."""
