"""Input is bounded before it is parsed: digits of numbers, file size and kind, nesting, YAML
aliases, members (docs/input.md, "Limits")."""

from __future__ import annotations

import json
import os
import time
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import pytest

from powershare.errors import InvalidInputError, ParseError
from powershare.games.columns import parse_table, read_named_values
from powershare.games.fileformat import (
    MAX_ALIAS_NODES,
    MAX_FILE_BYTES,
    MAX_MEMBERS,
    MAX_NESTING,
    is_existing_path,
    parse_data,
    read_text_file,
    yaml_key_lines,
)
from powershare.games.loading import load_body
from powershare.games.numbers import (
    MAX_DIGITS,
    NumberTooLongError,
    format_significant,
    parse_exact,
    scale_to_integers,
    to_float,
)
from powershare.games.scenario import read_scenario
from powershare.games.weighted import WeightedGame

BOUND = f"limited to {MAX_DIGITS:,} digits"


# -- numbers ---------------------------------------------------------------------------------
LONG = [
    "1e999999999",
    "1e-999999999",
    "9" * 5000,
    "1/" + "7" * 1200,
    10**5000,
    Fraction(1, 10**1001),
    Decimal("1e5000"),
    "0." + "0" * 1200 + "1",
    "12" * 600 + "%",
]


@pytest.mark.parametrize("value", LONG, ids=[f"long{i}" for i in range(len(LONG))])
def test_numbers_beyond_the_digit_bound_are_refused_fast(value: object) -> None:
    start = time.perf_counter()
    with pytest.raises(NumberTooLongError, match=BOUND):
        parse_exact(value, what="weight of 'A'")
    assert time.perf_counter() - start < 0.5


def test_numbers_within_the_bound_are_exact() -> None:
    assert parse_exact("1e400") == 10**400
    assert parse_exact("1e-400") == Fraction(1, 10**400)
    assert parse_exact("9" * MAX_DIGITS) == 10**MAX_DIGITS - 1
    assert parse_exact(10**999) == 10**999
    assert parse_exact("0") == 0 and parse_exact("0e999999999") == 0


def test_digit_bound_is_an_input_error_naming_the_value() -> None:
    with pytest.raises(InvalidInputError, match=r"weight of 'A' '1e999999999' has 1,000,000,000"):
        parse_exact("1e999999999", what="weight of 'A'")


def test_scaling_refuses_a_common_denominator_past_the_bound() -> None:
    with pytest.raises(NumberTooLongError, match=BOUND):
        scale_to_integers([Fraction(10**600), Fraction(1, 10**600)])
    ints, scale = scale_to_integers([Fraction(10**400), Fraction(1, 2)])
    assert ints == [2 * 10**400, 1] and scale == 2


def test_huge_weights_make_an_exact_game() -> None:
    game = WeightedGame.from_values(["1e400", 1, 2], 3)
    assert game.weights == (10**400, 1, 2) and game.quota == 3


def test_to_float_and_format_significant_never_overflow() -> None:
    assert to_float(Fraction(10**400, 3)) == float("inf")
    assert to_float(-(10**400)) == float("-inf")
    assert format_significant(Fraction(10**400, 3), 3) == "3.333e+399"
    assert format_significant(Fraction(1, 3 * 10**400), 2) == "3.33e-401"
    assert format_significant(Fraction(1, 2)) == "0.5000"


# -- paths and files -------------------------------------------------------------------------
def test_long_text_is_not_taken_for_a_file_name() -> None:
    text = ", ".join(f"M{i}:{i % 7 + 1}" for i in range(60))
    assert len(text) > 255 and not is_existing_path(text) and not is_existing_path("a\0b")
    body = load_body(text, "majority")
    assert body.game.n == 60
    assert read_named_values(text).names[0] == "M0"


def test_read_text_file_refuses_devices_and_pipes(tmp_path: Path) -> None:
    if os.path.exists("/dev/zero"):
        with pytest.raises(ParseError, match="not a regular file"):
            read_text_file("/dev/zero")
    fifo = tmp_path / "body.csv"
    os.mkfifo(fifo)
    start = time.perf_counter()
    with pytest.raises(ParseError, match="not a regular file"):
        read_text_file(fifo)
    assert time.perf_counter() - start < 1


def test_read_text_file_refuses_files_past_the_size_bound(tmp_path: Path) -> None:
    big = tmp_path / "big.yaml"
    with big.open("wb") as handle:
        handle.truncate(MAX_FILE_BYTES + 1)  # sparse: no disk used
    with pytest.raises(ParseError, match=f"limited to {MAX_FILE_BYTES:,} bytes"):
        read_text_file(big)


def test_read_text_file_messages(tmp_path: Path) -> None:
    with pytest.raises(ParseError, match="does not exist"):
        read_text_file(tmp_path / "missing.csv")
    with pytest.raises(ParseError, match="is a directory"):
        read_text_file(tmp_path)
    with pytest.raises(ParseError, match="cannot read"):
        read_text_file("x" * 5000 + ".csv")


# -- YAML and JSON ---------------------------------------------------------------------------
@pytest.mark.parametrize("is_json", [True, False])
def test_deep_nesting_is_refused(is_json: bool) -> None:
    text = '{"members": ' + "[" * 2000 + "]" * 2000 + "}"
    with pytest.raises(ParseError, match=f"nested more than {MAX_NESTING} levels"):
        parse_data(text, source="deep", is_json=is_json)


@pytest.mark.parametrize("is_json", [True, False])
def test_nesting_within_the_bound_is_read(is_json: bool) -> None:
    depth = MAX_NESTING - 2
    text = '{"a": ' + "[" * depth + "]" * depth + "}"
    data = parse_data(text, source="ok", is_json=is_json)["a"]
    for _ in range(depth - 1):
        data = data[0]
    assert data == []


BOMB = "\n".join(
    [
        'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]',
        *(
            f"{c}: &{c} [{', '.join([f'*{p}'] * 9)}]"
            for p, c in zip("abcdefgh", "bcdefghi", strict=True)
        ),
        "members: [{name: A, weight: 1}]",
        "rule: {quota: 1}",
    ]
)


def test_yaml_alias_bomb_is_refused_fast() -> None:
    start = time.perf_counter()
    with pytest.raises(ParseError, match=f"limited to {MAX_ALIAS_NODES:,} values"):
        parse_data(BOMB, source="bomb.yaml", is_json=False)
    assert yaml_key_lines(BOMB) == {}
    assert time.perf_counter() - start < 2


def test_yaml_small_aliases_and_recursive_alias() -> None:
    data = parse_data("q: &q 2/3\nx: *q\nl: &l [1, 2]\nm: [*l, *l]", source="s", is_json=False)
    assert data == {"q": "2/3", "x": "2/3", "l": [1, 2], "m": [[1, 2], [1, 2]]}
    with pytest.raises(ParseError, match="refers to itself"):
        parse_data("a: &a [1, *a]", source="s", is_json=False)


@pytest.mark.parametrize("is_json", [True, False])
def test_long_numbers_in_yaml_and_json(is_json: bool) -> None:
    text = '{"w": ' + "9" * 5000 + "}"
    with pytest.raises(ParseError, match=BOUND):
        parse_data(text, source="s", is_json=is_json)
    ok = parse_data('{"w": ' + "9" * 900 + "}", source="s", is_json=is_json)
    assert ok["w"] == 10**900 - 1


@pytest.mark.parametrize("is_json", [True, False])
def test_floats_that_a_float_cannot_hold_stay_exact(is_json: bool) -> None:
    data = parse_data(
        '{"a": 1.0e400, "b": 0.1, "c": 0.12345678901234567890123}', source="s", is_json=is_json
    )
    assert parse_exact(data["a"]) == 10**400
    assert parse_exact(data["b"]) == Fraction(1, 10)
    assert parse_exact(data["c"]) == Fraction("0.12345678901234567890123")


# -- members ---------------------------------------------------------------------------------
def test_count_past_the_member_bound_is_refused_before_expansion() -> None:
    text = "members:\n  - {name: S, count: 1000000000, weight: 1}\nrule: {quota: majority}\n"
    start = time.perf_counter()
    with pytest.raises(
        ParseError, match=f"1,000,000,000 members; bodies are limited to {MAX_MEMBERS:,}"
    ):
        read_scenario(text, source="s.yaml")
    assert time.perf_counter() - start < 1


def test_count_within_the_bound_is_expanded() -> None:
    text = "members:\n  - {name: S, count: 20000, weight: 1}\nrule: {quota: majority}\n"
    assert read_scenario(text, source="s.yaml").game.n == 20000


def test_csv_rows_past_the_member_bound_are_refused_before_parsing() -> None:
    text = "name,weight\n" + "A,1\n" * (MAX_MEMBERS + 5)
    start = time.perf_counter()
    with pytest.raises(ParseError, match=f"bodies are limited to {MAX_MEMBERS:,} members"):
        parse_table(text, source="big.csv")
    assert time.perf_counter() - start < 2


def test_csv_with_a_long_number_names_the_line() -> None:
    with pytest.raises(ParseError, match=r"b\.csv, line 2: weight of 'A' .* " + BOUND):
        parse_table("name,weight\nA," + "9" * 5000 + "\nB,1\n", source="b.csv").numbers(
            what="weight"
        )


def test_json_scenario_with_string_numbers() -> None:
    text = json.dumps(
        {
            "members": [{"name": "A", "weight": "1e400"}, {"name": "B", "weight": 1}],
            "rule": {"quota": "majority"},
        }
    )
    assert read_scenario(text, source="s.json", is_json=True).game.weights == (10**400, 1)


@pytest.mark.parametrize("text", ["\x1f", "name: a\x00b", "a: 1\n\x7f"])
def test_characters_yaml_refuses_are_a_parse_error_naming_them(text: str) -> None:
    """The YAML reader refuses control characters as it is made: still a one-line ParseError."""
    with pytest.raises(ParseError, match=r"x\.yaml.*not valid YAML.*special characters"):
        parse_data(text, source="x.yaml", is_json=False)
    assert yaml_key_lines(text) == {}
