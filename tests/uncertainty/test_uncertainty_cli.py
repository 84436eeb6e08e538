"""The ``uncertain`` and ``sweep`` verbs and input errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from powershare.cli.app import app
from powershare.errors import ParseError
from powershare.uncertainty import scenario_from_mapping

ROOT = Path(__file__).resolve().parents[2]
COUNCIL = str(ROOT / "examples" / "uncertain_council.yaml")
runner = CliRunner()


def test_uncertain_json_exact() -> None:
    result = runner.invoke(app, ["uncertain", COUNCIL, "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["exact"] is True and data["draws"] == 1287
    pashtun = data["members"][0]
    assert {"name", "mean", "low", "high", "p_veto", "p_dummy"} <= set(pashtun)
    assert pashtun["name"] == "Pashtun" and pashtun["p_veto_exact"] == "92/117"


def test_uncertain_json_draws_with_level() -> None:
    result = runner.invoke(
        app,
        [
            "uncertain",
            COUNCIL,
            "--json",
            "--no-exact",
            "--draws",
            "500",
            "--seed",
            "2",
            "--level",
            "0.8",
        ],
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["exact"] is False and data["draws"] == 500 and data["level"] == 0.8
    m = data["members"][0]
    assert m["low"] <= m["median"] <= m["high"]
    lo, hi = m["p_veto_interval"]
    assert lo <= m["p_veto"] <= hi


def test_uncertain_table() -> None:
    result = runner.invoke(app, ["uncertain", COUNCIL])
    assert result.exit_code == 0, result.output
    assert "Pashtun" in result.output and "92/117" in result.output


def test_sweep_writes_table_and_plot(tmp_path: Path) -> None:
    result = runner.invoke(
        app, ["sweep", COUNCIL, "--draws", "300", "--out", str(tmp_path), "--json"]
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["cells"] == 3  # the file's sweep: quotas
    assert (tmp_path / "sweep.csv").read_text().startswith("scenario,method,quota,member,index")
    assert (tmp_path / "sweep.png").stat().st_size > 1000
    assert len(data["rows"]) == 3 * 8 * 2


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("members: [{name: A, seats: [5, 2]}]\nrule: {quota: majority}\n", "low <= high"),
        ("members: [{name: A, population: 5}]\nrule: {quota: majority}\n", "apportion"),
        ("members: [{name: A, seats: 3}]\nrule: {quota: majority}\nwhat: 1\n", "unknown key"),
        ("members: [{name: A, seats: {normal: {mean: 3}}}]\nrule: {quota: 1}\n", "normal"),
    ],
)
def test_bad_input_is_one_line_exit_2(tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text(content)
    result = runner.invoke(app, ["uncertain", str(path)])
    assert result.exit_code == 2
    assert message in result.output


def test_bad_demand_and_allies() -> None:
    base = {
        "members": [{"name": "A", "seats": 3}, {"name": "B", "seats": 2}],
        "rule": {"quota": "majority"},
    }
    with pytest.raises(ParseError, match="not a member"):
        scenario_from_mapping({**base, "allies": {"x": ["A", "Z"]}})
    with pytest.raises(ParseError):
        scenario_from_mapping({**base, "demands": [{"party": "Z", "veto": True}]})
