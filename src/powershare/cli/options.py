"""Options shared by several commands, and their parsing."""

from __future__ import annotations

import re
from typing import Annotated

import typer

from powershare.errors import InvalidInputError
from powershare.power.registry import Limits

__all__ = ["MaxMemoryOption", "MaxSecondsOption", "QuotaOption", "parse_memory", "make_limits"]

QuotaOption = Annotated[
    str | None,
    typer.Option("--quota", "-q", help="Quota (at least): 12, 2/3, 65%, 50%+1 or majority."),
]
"""``--quota``/``-q`` of the commands that take a body and may replace its quota."""

MaxSecondsOption = Annotated[
    float | None,
    typer.Option("--max-seconds", help="Refuse work estimated above this (default 600)."),
]
"""``--max-seconds``: refuse work estimated to take longer (see :func:`make_limits`)."""

MaxMemoryOption = Annotated[
    str | None,
    typer.Option("--max-memory", help="Refuse work estimated above this, e.g. 2GB (default 4GB)."),
]
"""``--max-memory``: refuse work estimated to need more memory (see :func:`make_limits`)."""

_MEMORY_RE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([kmgt]?i?b?)?\s*$", re.IGNORECASE)
_UNITS = {"": 1, "b": 1, "k": 10**3, "m": 10**6, "g": 10**9, "t": 10**12}


def parse_memory(text: str) -> int:
    """``"2GB"`` -> 2_000_000_000, ``"512MiB"`` -> 536_870_912, ``"1000000"`` -> bytes."""
    match = _MEMORY_RE.match(text)
    if not match:
        raise InvalidInputError(
            f"--max-memory {text!r} is not a size; use e.g. 2GB, 512MB or 1.5GiB"
        )
    number, unit = float(match.group(1)), (match.group(2) or "").lower()
    binary = "i" in unit
    base = unit[:1] if unit[:1] in "kmgt" else ""
    factor = 1024 ** " kmgt".index(base) if binary and base else _UNITS[base]
    scaled = number * factor
    # beyond any machine: the same as no limit (Limits caps memory at this machine's)
    value = int(scaled) if scaled < 2**62 else 2**62
    if value <= 0:
        raise InvalidInputError(f"--max-memory {text!r} must be positive")
    return value


def make_limits(max_seconds: float | None, max_memory: str | None) -> Limits:
    """Limits from the CLI options (defaults where not given)."""
    default = Limits()
    if max_seconds is not None and not max_seconds > 0:
        raise InvalidInputError(f"--max-seconds {max_seconds} must be a positive number of seconds")
    return Limits(
        max_seconds=default.max_seconds if max_seconds is None else max_seconds,
        max_bytes=default.max_bytes if max_memory is None else parse_memory(max_memory),
    )
