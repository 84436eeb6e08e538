"""Official apportionments reproduced exactly (data and citations in tests/published/apportion)."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from powershare.apportion import apportion, read_units_csv


def _column(path: Path, key: str, col: str) -> dict[str, int]:
    with path.open(encoding="utf-8") as fh:
        return {row[key]: int(row[col]) for row in csv.DictReader(fh)}


def test_us_house_2020_huntington_hill(published: Path) -> None:
    path = published / "us_house_2020.csv"
    table = read_units_csv(path)
    assert table.value_col == "apportionment_population_2020"
    assert sum(table.values) == 331_108_434
    result = apportion(table.pairs(), 435, "huntington-hill", min_seats=1)
    assert result.complete
    assert result.seats_by_name() == _column(path, "state", "seats_2020")
    assert sum(result.seats) == 435


def test_us_house_2020_last_seat_minnesota_next_new_york(published: Path) -> None:
    table = read_units_csv(published / "us_house_2020.csv")
    at_434 = apportion(table.pairs(), 434, "huntington-hill", min_seats=1).seats_by_name()
    at_435 = apportion(table.pairs(), 435, "huntington-hill", min_seats=1).seats_by_name()
    at_436 = apportion(table.pairs(), 436, "huntington-hill", min_seats=1).seats_by_name()
    assert [n for n in at_435 if at_435[n] != at_434[n]] == ["Minnesota"]
    assert [n for n in at_436 if at_436[n] != at_435[n]] == ["New York"]


@pytest.mark.parametrize("new_york", [331_589, 331_591])
def test_us_house_1790_jefferson_is_dhondt(published: Path, new_york: int) -> None:
    path = published / "us_house_1790.csv"
    table = read_units_csv(path)
    pairs = [(n, new_york if n == "New York" else v) for n, v in table.pairs()]
    result = apportion(pairs, 105, "jefferson")
    assert result.seats_by_name() == _column(path, "state", "seats_1792")
    # The Act used the fixed divisor 33,000: floor(population / 33,000) for every state.
    assert all(s == int(v) // 33_000 for s, v in zip(result.seats, result.values, strict=True))


@pytest.mark.parametrize("labour", [1_443_545, 1_443_546])
def test_new_zealand_2020_sainte_lague(published: Path, labour: int) -> None:
    path = published / "nz_2020_party_vote.csv"
    table = read_units_csv(path)
    assert table.value_label == "votes"
    pairs = [(n, labour if n == "Labour" else v) for n, v in table.pairs()]
    result = apportion(
        pairs,
        120,
        "sainte-lague",
        threshold="5%",
        seats_elsewhere=table.column_numbers("electorate_seats"),
        min_seats_elsewhere=1,
        value_label="votes",
    )
    assert result.seats_by_name() == _column(path, "party", "seats")
    assert [n for n, _ in result.excluded] == ["NZ First"]


def test_new_zealand_2020_maori_party_needs_its_electorate(published: Path) -> None:
    table = read_units_csv(published / "nz_2020_party_vote.csv")
    result = apportion(table.pairs(), 120, "sainte-lague", threshold="5%")
    assert result.seats_by_name()["Māori Party"] == 0
    assert {n for n, _ in result.excluded} == {"Māori Party", "NZ First"}


def test_published_files_have_sources(published: Path) -> None:
    for data in published.glob("*.csv"):
        source = data.with_suffix(".source.md")
        assert source.is_file(), f"{data.name} has no source file"
        assert len(source.read_text(encoding="utf-8")) > 200
