"""Every textual input form: notation, Name:weight lists, CSV and scenario files."""

from pathlib import Path

import pytest

from powershare.errors import InvalidQuotaError, ParseError
from powershare.games import load_game, parse_member_list, parse_notation, parse_scenario_text


def test_notation() -> None:
    g = parse_notation("[12; 4,4,4,2,2,1]")
    assert g.quota == 12 and g.weights == (4, 4, 4, 2, 2, 1)
    assert parse_notation(" [ 2/3 ; 30%, 30%, 40% ] ").quota == 7
    assert parse_notation("[majority; 2, 1, 1]").quota == 3


@pytest.mark.parametrize(
    "bad", ["12; 4,4", "[12 4,4]", "[12;]", "[12; 4,,4]", "[12; 4, x]", "[; 1, 2]"]
)
def test_bad_notation(bad: str) -> None:
    with pytest.raises((ParseError, InvalidQuotaError, ValueError)):
        parse_notation(bad)


def test_member_list() -> None:
    g = parse_member_list("France:4, Germany:4; Italy:4\nLuxembourg:1", 9)
    assert g.names == ("France", "Germany", "Italy", "Luxembourg")
    with pytest.raises(ParseError, match="'France' is not of the form"):
        parse_member_list("France, Germany:4", 5)


def test_csv_file(tmp_path: Path) -> None:
    path = tmp_path / "body.csv"
    path.write_text("Name,Weight,notes\nA,3,x\nB,2,\nC,1.5,\n", encoding="utf-8")
    g = load_game(str(path), "majority")
    assert g.names == ("A", "B", "C") and g.weights == (6, 4, 3)
    with pytest.raises(InvalidQuotaError, match="--quota"):
        load_game(str(path))
    other = tmp_path / "other.csv"  # any header: a name-like column and a number column
    other.write_text("member;votes\nA;1\nB;2\n", encoding="utf-8")
    assert load_game(str(other), 2).names == ("A", "B")
    bad = tmp_path / "bad.csv"
    bad.write_text("member,notes\nA,x\n", encoding="utf-8")
    with pytest.raises(ParseError, match=r"cannot tell which column of .*bad\.csv"):
        load_game(str(bad), 1)


def test_scenario_yaml_and_json(tmp_path: Path) -> None:
    yaml_file = tmp_path / "s.yaml"
    yaml_file.write_text(
        "members:\n  - {name: A, weight: 2}\n  - {name: B, weight: 1}\nrule:\n  quota: 2/3\n",
        encoding="utf-8",
    )
    assert load_game(str(yaml_file)).quota == 2
    assert load_game(str(yaml_file), "100%").quota == 3
    json_file = tmp_path / "s.json"
    json_file.write_text(
        '{"members": [{"name": "A", "weight": 0.5}, {"name": "B", "weight": 0.25}],'
        ' "rule": {"quota": "majority"}}',
        encoding="utf-8",
    )
    g = load_game(str(json_file))
    assert g.weights == (2, 1) and g.quota == 2


def test_scenario_errors_point_to_key_and_line() -> None:
    text = "members:\n  - {name: A, weight: 2}\n  - {name: B, wieght: 1}\nrule:\n  quota: 2\n"
    with pytest.raises(ParseError) as info:
        parse_scenario_text(text, source="s.yaml")
    message = str(info.value)
    assert "members[1]" in message and "line 3" in message
    with pytest.raises(ParseError, match=r"line 3: not valid YAML"):
        parse_scenario_text("members: [\n  {name: A, weight: 2\n", source="x.yaml")
    with pytest.raises(ParseError, match="rule"):
        parse_scenario_text("members:\n  - {name: A, weight: 2}\n", source="x.yaml")


def test_unknown_inputs() -> None:
    with pytest.raises(ParseError, match="does not exist"):
        load_game("missing.yaml")
    with pytest.raises(ParseError, match="not a file, a dataset name"):
        load_game("nonsense")


def test_rule_file_not_utf8_is_one_clear_error(tmp_path) -> None:
    from powershare.games import load_rule_scenario

    path = tmp_path / "rule.yaml"
    path.write_bytes(b"name: \xff\xfe\n")
    with pytest.raises(ParseError, match="not UTF-8"):
        load_rule_scenario(path)
