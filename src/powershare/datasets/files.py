"""The shipped data files: their text, their rows and their source notes.

>>> read_rows("eu_council.csv")[0]["member_state"]
'Germany'
"""

from __future__ import annotations

import csv
import io
from importlib import resources

__all__ = ["read_rows", "read_text", "yaml_comments"]


def read_text(filename: str) -> str:
    """The text of a shipped data file (e.g. ``"eu_council.csv"`` or its ``.source.md``)."""
    return (resources.files("powershare.datasets") / "data" / filename).read_text("utf-8")


def read_rows(filename: str) -> list[dict[str, str]]:
    """Rows of a shipped CSV file as dictionaries keyed by the header."""
    return list(csv.DictReader(io.StringIO(read_text(filename))))


def yaml_comments(filename: str) -> str:
    """The comment lines of a shipped YAML file (where its sources are written)."""
    return "\n".join(
        line.lstrip("# ") for line in read_text(filename).splitlines() if line.startswith("#")
    )
