"""Shared fixtures for the apportionment tests."""

from __future__ import annotations

from pathlib import Path

import pytest

PUBLISHED = Path(__file__).resolve().parents[1] / "published" / "apportion"


@pytest.fixture
def published() -> Path:
    """Folder with the published apportionment data files and their sources."""
    return PUBLISHED


@pytest.fixture
def published_us() -> list[tuple[str, int]]:
    """The 2020 U.S. apportionment populations (name, population)."""
    import csv

    with (PUBLISHED / "us_house_2020.csv").open(encoding="utf-8") as fh:
        return [
            (row["state"], int(row["apportionment_population_2020"])) for row in csv.DictReader(fh)
        ]
