"""``powershare power --index all``, ``--blocs``, ``--bloc-game`` and ``powershare structure``."""

import json
from pathlib import Path

from typer.testing import CliRunner

from powershare.cli import app

runner = CliRunner()


def run(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_index_all_json_has_every_key() -> None:
    code, out, _ = run(
        "power",
        "eec-1958",
        "--index",
        "all",
        "--json",
        "--exact",
        "--blocs",
        "Benelux: Belgium+Netherlands+Luxembourg",
    )
    assert code == 0
    data = json.loads(out)
    for key in ("coleman_collectivity", "winning_coalitions", "minimal_winning_coalitions"):
        assert key in data
    assert data["winning_coalitions"] == 14 and data["minimal_winning_coalitions"] == 4
    assert data["coleman_collectivity_exact"] == "7/32"
    france = data["members"][0]
    for key in (
        "holler",
        "deegan_packel",
        "johnston",
        "coleman_prevent",
        "coleman_initiate",
        "rae",
        "owen",
        "banzhaf_owen",
    ):
        assert key in france
    assert france["deegan_packel_exact"] == "5/24"


def test_index_all_without_blocs_notes_the_omission() -> None:
    code, out, _ = run("power", "[12; 4,4,4,2,2,1]", "--index", "all", "--json")
    assert code == 0
    data = json.loads(out)
    assert "owen" not in data["members"][0]
    assert any("owen" in note for note in data["notes"])


def test_owen_without_blocs_is_one_line_exit_2() -> None:
    code, _, err = run("power", "[12; 4,4,4,2,2,1]", "--index", "owen")
    assert code == 2
    assert err.count("\n") == 1 and "needs blocs" in err


def test_bad_bloc_is_one_line_exit_2() -> None:
    code, _, err = run("power", "eec-1958", "--index", "owen", "--blocs", "France+Atlantis")
    assert code == 2 and "Atlantis" in err and err.count("\n") == 1


def test_scenario_blocs_and_bloc_game(tmp_path: Path) -> None:
    scenario = tmp_path / "body.yaml"
    scenario.write_text(
        "members:\n  - {name: A, weight: 3}\n  - {name: B, weight: 2}\n"
        "  - {name: C, weight: 1}\n  - {name: D, weight: 1}\n"
        "rule: {quota: 4}\nblocs:\n  Left: [A, D]\n  Right: [B, C]\n",
        "utf-8",
    )
    code, out, _ = run(
        "power", str(scenario), "--index", "owen,shapley", "--json", "--exact", "--bloc-game"
    )
    assert code == 0
    data = json.loads(out)
    assert [b["name"] for b in data["blocs"]] == ["Left", "Right"]
    assert sum(__import__("fractions").Fraction(m["owen_exact"]) for m in data["members"]) == 1
    assert [m["name"] for m in data["bloc_game"]["members"]] == ["Left", "Right"]


def test_structure_command_table_and_json() -> None:
    code, out, _ = run("structure", "eec-1958")
    assert code == 0
    assert "Minimal winning coalitions" in out and "Luxembourg" in out
    code, out, _ = run("structure", "[39; 7,7,7,7,7,1,1,1,1,1,1,1,1,1,1]", "--json", "--limit", "3")
    assert code == 0
    data = json.loads(out)
    assert data["minimal_winning_count"] == 210
    assert len(data["minimal_winning_coalitions"]) == 3
    assert data["minimal_winning_listed_all"] is False
    assert data["veto_players"] == ["P1", "P2", "P3", "P4", "P5"]


def test_structure_bad_limit() -> None:
    code, _, err = run("structure", "eec-1958", "--limit", "-1")
    assert code == 2 and "--limit" in err
