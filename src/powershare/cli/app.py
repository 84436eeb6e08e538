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
    from powershare.cli import (
        apportion,
        audit_cmd,
        datasets_cmd,
        design_cmd,
        package_cmd,
        power_cmd,
        serve_cmd,
        solutions_cmd,
        structure_cmd,
        sweep_cmd,
        uncertain_cmd,
    )

    power_cmd.register(app)
    structure_cmd.register(app)
    audit_cmd.register(app)
    design_cmd.register(app)
    serve_cmd.register(app)
    apportion.register(app)
    datasets_cmd.register(app)
    package_cmd.register(app)
    solutions_cmd.register(app)
    uncertain_cmd.register(app)
    sweep_cmd.register(app)


_register_commands()
