"""The typer application and its sub-commands."""

from __future__ import annotations

import typer

app = typer.Typer(
    name="powershare",
    help="Measure and design power-sharing: who really holds power in a council.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode="rich",
)


def _register_commands() -> None:
    from powershare.cli import datasets_cmd, power_cmd, structure_cmd

    power_cmd.register(app)
    structure_cmd.register(app)
    datasets_cmd.register(app)
    try:
        from powershare.cli import apportion
    except ImportError:  # pragma: no cover - optional while the module is being built
        return
    apportion.register(app)


_register_commands()
