"""Turning errors into one clear line and an exit code."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import ParamSpec, TypeVar

import typer

from powershare.errors import PowershareError, ResourceLimitError

__all__ = ["report_error", "reports_errors"]

P = ParamSpec("P")
R = TypeVar("R")


def report_error(exc: BaseException) -> int:
    """Print ``powershare: error: ...`` on standard error; return the exit code."""
    if isinstance(exc, MemoryError):
        typer.echo(
            "powershare: error: out of memory; use --max-memory to refuse such work up front",
            err=True,
        )
        return 3
    message = str(exc).replace("\n", " ")
    typer.echo(f"powershare: error: {message}", err=True)
    return 3 if isinstance(exc, ResourceLimitError) else 2


def reports_errors(func: Callable[P, R]) -> Callable[P, R]:
    """Decorate a command so powershare errors end it with one line and exit code 2 (3 for
    work refused for its cost)."""

    @functools.wraps(func)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return func(*args, **kwargs)
        except (PowershareError, MemoryError) as exc:
            raise typer.Exit(report_error(exc)) from None

    return wrapper
