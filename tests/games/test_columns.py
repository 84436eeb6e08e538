"""The one reader of names and numbers: CSV (any separator, header or none) and inline lists."""

from fractions import Fraction
from pathlib import Path

import pytest

from powershare.errors import ParseError
from powershare.games.columns import parse_inline, parse_table, read_named_values


@pytest.mark.parametrize("sep", [",", ";", "\t"])
def test_separators(sep: str) -> None:
    text = sep.join(["name", "seats", "population"]) + "\n"
    text += sep.join(["A", "3", '"1,200"' if sep == "," else "1,200"]) + "\n"
    text += sep.join(["B", "1", "400"]) + "\n"
    t = parse_table(text, source="x.csv")
    assert t.names == ("A", "B") and t.value_col == "seats" and t.numbers() == (3, 1)
    p = parse_table(text, source="x.csv", value_col="Population")
    assert p.numbers() == (1200, 400) and p.lines == (2, 3)


def test_header_is_detected() -> None:
    t = parse_table("A,3\nB,1/2\n", source="x.csv")
    assert t.names == ("A", "B") and t.numbers() == (3, Fraction(1, 2))
    assert t.name_col is None and t.lines == (1, 2)
    t = parse_table("country;votes;notes\n\nX;12.5;a\nY;30%;b\n", source="x.csv")
    assert t.name_col == "country" and t.numbers() == (Fraction(25, 2), Fraction(3, 10))
    assert t.lines == (3, 4)


def test_inline_lists() -> None:
    t = parse_inline("A:1, B:2.5; C:3/4\nD : 1_000")
    assert t.names == ("A", "B", "C", "D")
    assert t.numbers() == (1, Fraction(5, 2), Fraction(3, 4), 1000)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("name,weight\nA,12x\n", r"x.csv, line 2: weight of 'A' '12x' is not a number"),
        ("name,weight\nA,1\nA,2\n", r"x.csv, line 3: duplicate member name 'A'"),
        ("name,weight\n,1\n", r"x.csv, line 2: a member has an empty name"),
        ("name,weight\nA,1,2\n", r"x.csv, line 2: 3 cells but the header has 2"),
        ("name,weight\n", r"x.csv has a header but no members"),
        ("", r"x.csv is empty"),
        ("a,b\n1,2\n", r"no name column found in x.csv"),
    ],
)
def test_bad_tables_are_one_clear_error(text: str, message: str) -> None:
    with pytest.raises(ParseError, match=message):
        parse_table(text, source="x.csv").numbers(what="weight")


def test_bad_inline_and_files(tmp_path: Path) -> None:
    with pytest.raises(ParseError, match="'B' is not of the form Name:value"):
        parse_inline("A:1, B")
    with pytest.raises(ParseError, match="duplicate member name 'A'"):
        parse_inline("A:1, A:2")
    with pytest.raises(ParseError, match="'x' is not a number"):
        parse_inline("A:1, B:x").numbers()
    with pytest.raises(ParseError, match="does not exist"):
        read_named_values("missing.csv")
    path = tmp_path / "v.csv"
    path.write_text("name,value\nA,5\n", encoding="utf-8")
    assert read_named_values(str(path)).numbers() == (5,)
    with pytest.raises(ParseError, match="value column 'nope' is not in"):
        read_named_values(path, value_col="nope")
