"""Options shared by several commands, and their parsing.

Light on purpose: every command module imports it, and ``powershare --help`` should stay fast;
library modules are imported inside the functions that need them.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from powershare.errors import InvalidInputError, InvalidQuotaError

if TYPE_CHECKING:
    from powershare.games.body import Body
    from powershare.power.registry import Limits

__all__ = [
    "CsvOption",
    "JsonOption",
    "MaxMemoryOption",
    "MaxSecondsOption",
    "QuotaOption",
    "check_one_format",
    "is_read_by_cli",
    "make_limits",
    "parse_memory",
    "read_body",
]

JsonOption = Annotated[
    bool,
    typer.Option("--json", help="Print JSON (integers beyond 2^53 as strings of digits)."),
]
"""``--json`` of every command that prints a table (see :mod:`powershare.cli.output`)."""

CsvOption = Annotated[
    bool,
    typer.Option(
        "--csv", help="Print CSV (integers beyond 2^53 also as text, in a column <name>_exact)."
    ),
]
"""``--csv`` of every command that prints a table (see :mod:`powershare.cli.output`)."""

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


def check_one_format(as_json: bool, as_csv: bool) -> None:
    """Refuse ``--json`` together with ``--csv``."""
    if as_json and as_csv:
        raise InvalidInputError("--json and --csv were both given; allowed: at most one of them")


def make_limits(max_seconds: float | None, max_memory: str | None) -> Limits:
    """Limits from the CLI options (defaults where not given)."""
    from powershare.power.registry import Limits

    default = Limits()
    if max_seconds is not None and not max_seconds > 0:
        raise InvalidInputError(f"--max-seconds {max_seconds} must be a positive number of seconds")
    return Limits(
        max_seconds=default.max_seconds if max_seconds is None else max_seconds,
        max_bytes=default.max_bytes if max_memory is None else parse_memory(max_memory),
    )


_TABLE_SUFFIXES = {".tsv", ".txt", ".xlsx", ".xlsm"}  # read by the CSV reader, as ".csv" is


def is_read_by_cli(spec: str) -> bool:
    """Whether :func:`read_body` reads ``spec`` itself (``-`` or a ``.tsv``/``.xlsx`` table)
    rather than :func:`powershare.datasets.body_from_spec`."""
    text = spec.strip()
    return text == "-" or Path(text).suffix.lower() in _TABLE_SUFFIXES


def read_body(spec: str, quota: str | None = None) -> Body:
    """The body of a ``GAME`` argument: what :func:`powershare.datasets.body_from_spec` reads,
    and ``-`` for standard input (a YAML or JSON scenario, the notation or CSV, told by
    :func:`~powershare.games.fileformat.sniff_format`), and tables in ``.tsv`` and ``.xlsx``.
    """
    if not is_read_by_cli(spec):
        from powershare.datasets import body_from_spec

        return body_from_spec(spec, quota)
    from powershare.games.body import Body
    from powershare.games.fileformat import STDIN, STDIN_NAME, read_text_file, sniff_format

    text = spec.strip()

    source = STDIN_NAME if text == STDIN else text
    content = read_text_file(text, what="body")
    kind = sniff_format(content) if text == STDIN else "csv"
    if kind in ("json", "yaml"):
        from powershare.games.scenario import read_scenario

        return read_scenario(content, source=source, is_json=kind == "json", quota=quota)
    if kind == "notation":
        from powershare.games.notation import parse_notation

        game = parse_notation(content.strip())
        return Body(game if quota is None else game.with_quota(quota))
    if quota is None:
        raise InvalidQuotaError(
            f"{source} holds a table of members without a rule; give the quota with --quota "
            "(e.g. --quota 270, --quota 2/3, --quota 65% or --quota majority)"
        )
    from powershare.games.notation import parse_csv_text

    return Body(parse_csv_text(content, quota, source=source))
