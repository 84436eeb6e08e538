"""Reading units from CSV: column detection and errors naming the row."""

from __future__ import annotations

from pathlib import Path

import pytest

from powershare.apportion import read_units_csv
from powershare.errors import InvalidInputError


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "units.csv"
    path.write_text(text, encoding="utf-8")
    return path


def test_detects_name_and_votes(tmp_path: Path) -> None:
    table = read_units_csv(_write(tmp_path, 'party,votes,seats_won\nA,100,1\nB,"1,250",0\n'))
    assert table.names == ("A", "B")
    assert table.values == (100, 1250)
    assert (table.name_col, table.value_col, table.value_label) == ("party", "votes", "votes")
    assert table.column_numbers("seats_won") == {"A": 1, "B": 0}


def test_first_text_column_is_the_name(tmp_path: Path) -> None:
    table = read_units_csv(_write(tmp_path, "canton,pop_2024\nZug,130000\nUri,37000\n"))
    assert (table.name_col, table.value_col, table.value_label) == (
        "canton",
        "pop_2024",
        "population",
    )


def test_ambiguous_value_columns_need_a_choice(tmp_path: Path) -> None:
    path = _write(tmp_path, "name,population_2010,population_2020\nA,1,2\n")
    with pytest.raises(InvalidInputError, match=r"several value columns.*--value-col"):
        read_units_csv(path)
    assert read_units_csv(path, value_col="population_2010").values == (1,)


@pytest.mark.parametrize(
    ("text", "kwargs", "message"),
    [
        ("name,votes\nA,12x\n", {"value_col": "votes"}, "units.csv, line 2 \\(A\\), 'votes'"),
        ("name,votes\nA,-4\n", {}, "allowed: a number >= 0"),
        ("name,votes\nA,1\nA,2\n", {}, "line 3: duplicate member name 'A'"),
        ("name,votes\n,1\n", {}, "line 2: a member has an empty name"),
        ("name,votes\n", {}, "has a header but no members"),
        ("name,votes\nA,1\n", {"value_col": "seats"}, "value column 'seats' is not in"),
        ("name,votes\nA,1\n", {"name_col": "state"}, "name column 'state' is not in"),
        ("name,votes\nA,1,2\n", {}, "line 2: 3 cells"),
        ("a,b\n1,2\n", {}, "no name column"),
    ],
)
def test_errors_name_the_bad_value(
    tmp_path: Path, text: str, kwargs: dict[str, str], message: str
) -> None:
    with pytest.raises(InvalidInputError, match=message):
        read_units_csv(_write(tmp_path, text), **kwargs)


def test_missing_file() -> None:
    with pytest.raises(InvalidInputError, match="does not exist"):
        read_units_csv("/nonexistent/units.csv")


def test_file_not_utf8_is_one_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "units.csv"
    path.write_bytes(b"name,votes\nA,\xff\xfe\n")
    with pytest.raises(InvalidInputError, match="not UTF-8"):
        read_units_csv(path)


@pytest.mark.parametrize("sep", [";", "\t"])
def test_semicolon_and_tab_files(tmp_path: Path, sep: str) -> None:
    text = sep.join(["state", "population"]) + "\n" + sep.join(["A", "1,250"]) + "\n"
    table = read_units_csv(_write(tmp_path, text + sep.join(["B", "75"]) + "\n"))
    assert table.names == ("A", "B") and table.values == (1250, 75)
