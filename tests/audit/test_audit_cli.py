"""The ``audit`` command, registered on a fresh typer app."""

import json
from pathlib import Path

import typer
from typer.testing import CliRunner

from powershare.cli.audit_cmd import register


def _app() -> typer.Typer:
    app = typer.Typer()
    register(app)

    @app.command("noop")
    def noop() -> None:  # a second command keeps 'audit' as a sub-command
        """Nothing."""

    return app


runner = CliRunner()


def test_audit_eec_terminal_and_json() -> None:
    result = runner.invoke(_app(), ["audit", "eec-1958"])
    assert result.exit_code == 0, result.output
    assert "Luxembourg" in result.output and "Findings" in result.output
    result = runner.invoke(_app(), ["audit", "[12; 4,4,4,2,2,1]", "--json"])
    data = json.loads(result.output)
    assert data["blocking"]["dummies"] == ["P6"]


def test_audit_writes_reports(tmp_path: Path) -> None:
    for suffix in (".md", ".json", ".html"):
        out = tmp_path / f"report{suffix}"
        args = ["audit", "eec-1958", "--output", str(out)]
        result = runner.invoke(_app(), [*args, "--no-plots"] if suffix == ".html" else args)
        assert result.exit_code == 0, result.output
        assert out.exists() and str(out.resolve()) in result.output


def test_populations_file(tmp_path: Path) -> None:
    pops = tmp_path / "pops.csv"
    pops.write_text("name,population\nA,9\nB,3\nC,3\n", encoding="utf-8")
    result = runner.invoke(
        _app(),
        ["audit", "A:2, B:1, C:1", "--quota", "majority", "--populations", str(pops), "--json"],
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["citizen"][0]["label"] == "centralised"


def test_bad_input_is_one_line_and_exit_2(tmp_path: Path) -> None:
    for args in (
        ["audit", "no-such-body"],
        ["audit", "eec-1958", "--output", str(tmp_path / "x.pdf")],
        ["audit", "eec-1958", "--quota", "150%"],
        ["audit", "eu-council-lisbon", "--quota", "60%"],
    ):
        result = runner.invoke(_app(), args)
        assert result.exit_code == 2, (args, result.output)
        lines = [line for line in result.output.splitlines() if line.strip()]
        assert len(lines) == 1 and lines[0].startswith("powershare: error:")


COUNTED = """\
name: Counted council
members:
  - {name: Big, weight: 3, population: 9000}
  - {name: Small, count: 3, weight: 1, population: 1000}
rule:
  quota: majority
"""


def test_scenario_file_with_count_and_populations(tmp_path: Path) -> None:
    """Regression: members given by ``count:`` with populations (was "got 2 populations for 4
    members"); the audit reads the file as ``power`` and the web app do."""
    from powershare.games.scenario import read_scenario
    from powershare.web.service import Settings, build

    path = tmp_path / "counted.yaml"
    path.write_text(COUNTED, encoding="utf-8")
    result = runner.invoke(_app(), ["audit", str(path), "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    names = [m["name"] for m in data["members"]]
    assert names == ["Big", "Small 1", "Small 2", "Small 3"]
    assert data["citizen"], data.keys()
    cli_body = read_scenario(COUNTED, source="counted.yaml")
    web_body = build(__import__("yaml").safe_load(COUNTED), Settings())
    assert cli_body.game.names == web_body.game.names == tuple(names)
    assert cli_body.populations == web_body.populations == (9000, 1000, 1000, 1000)


def test_populations_file_with_semicolons_and_bad_value(tmp_path: Path) -> None:
    pops = tmp_path / "pops.csv"
    pops.write_text("name;population\nA;9.5\nB;3\n", encoding="utf-8")
    result = runner.invoke(
        _app(), ["audit", "A:2, B:1, C:1", "--quota", "majority", "--populations", str(pops)]
    )
    assert result.exit_code == 2
    assert "pops.csv, line 2: population '9.5' is not a whole number" in result.output
    pops.write_text("name;population\nA;9,000\nB;3\n", encoding="utf-8")
    result = runner.invoke(
        _app(),
        ["audit", "A:2, B:1, C:1", "--quota", "majority", "--populations", str(pops), "--json"],
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert [m.get("population") for m in data["members"]][:2] == [9000, 3]


def test_one_member_body() -> None:
    """A body of one member is its own dictator (was IndexError in the what-ifs)."""
    result = runner.invoke(_app(), ["audit", "[1; 1]", "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data is not None


def test_audit_limits_hold() -> None:
    result = runner.invoke(_app(), ["audit", "eec-1958", "--max-seconds", "0.000000001"])
    assert result.exit_code == 3
    assert "over the limits" in result.stderr


def test_audit_huge_weight_is_reduced() -> None:
    result = runner.invoke(
        _app(), ["audit", "[16; 8, 11, 4.13125966965775e+16, 7]", "--json", "--no-plots"]
    )
    assert result.exit_code == 0, result.output


def test_audit_json_is_strict_for_ratios_beyond_floats() -> None:
    """``Infinity`` is not JSON: a ratio beyond floats is ``null``, its exact value as text in
    ``*_exact`` beside it."""
    result = runner.invoke(_app(), ["audit", "[2; 1, 1e999, 1]", "--json"])
    assert result.exit_code == 0, result.output

    def refuse(constant: str) -> None:
        raise AssertionError(f"non-strict JSON constant {constant}")

    data = json.loads(result.output, parse_constant=refuse)
    member = data["members"][0]
    assert member["power_to_seats"] is None and member["power_to_seats_exact"]
