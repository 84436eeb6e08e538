"""The shipped data files: their text, their rows and their source notes.

>>> read_rows("eu_council.csv")[0]["member_state"]
'Germany'
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

__all__ = ["read_rows", "read_text", "yaml_comments"]

_DATA = Path(__file__).with_name("data")


def read_text(filename: str) -> str:
    """The text of a shipped data file (e.g. ``"eu_council.csv"`` or its ``.source.md``).

    Read from the package's folder; through :mod:`importlib.resources` only when the package
    is not on the file system (a zip), as that module takes 15-20 ms to import (start-up).
    """
    path = _DATA / filename
    if path.is_file():
        return path.read_text("utf-8")
    from importlib import resources

    return (resources.files("powershare.datasets") / "data" / filename).read_text("utf-8")


def read_rows(filename: str) -> list[dict[str, str]]:
    """Rows of a shipped CSV file as dictionaries keyed by the header."""
    return list(csv.DictReader(io.StringIO(read_text(filename))))


def yaml_comments(filename: str) -> str:
    """The comment lines of a shipped YAML file (where its sources are written)."""
    return "\n".join(
        line.lstrip("# ") for line in read_text(filename).splitlines() if line.startswith("#")
    )
