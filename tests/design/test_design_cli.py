"""The ``design`` and ``settle`` commands, on a typer app built here."""

from __future__ import annotations

import json
from pathlib import Path

import typer
from typer.testing import CliRunner

from powershare.cli.design_cmd import register

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
app = typer.Typer()
register(app)
runner = CliRunner()


def test_design_cli_design_exhaustive_json() -> None:
    out = runner.invoke(
        app, ["design", "A:100, B:50, C:25, D:10", "--target", "sqrt", "--total-weight", "20",
              "--json"],
    )  # fmt: skip
    assert out.exit_code == 0, out.output
    data = json.loads(out.output)
    assert data["proven"] is True and data["total_weight"] == 20 and data["chosen"] is None
    assert data["members"] == ["A", "B", "C", "D"]
    assert all(set(p["weights"]) == {"A", "B", "C", "D"} for p in data["frontier"])


def test_design_cli_design_table_and_quota_only(tmp_path: Path) -> None:
    out = runner.invoke(app, ["design", "A:3, B:2, C:2", "--total-weight", "7"])
    assert out.exit_code == 0 and "proven" in out.output and "can pass a decision" in out.output
    csv_file = tmp_path / "body.csv"
    csv_file.write_text("name,seats\nA,40\nB,30\nC,20\nD,10\n")
    out = runner.invoke(
        app, ["design", str(csv_file), "--quota-only", "--target", "proportional", "--curve"]
    )
    assert out.exit_code == 0, out.output
    assert "quota,share,distance" in out.output and "proven optimal" in out.output


def test_design_cli_two_tier() -> None:
    out = runner.invoke(app, ["design", "A:9000000, B:4000000, C:1000000", "--two-tier", "--json"])
    assert out.exit_code == 0, out.output
    data = json.loads(out.output)
    assert "jagiellonian_quota_share" in data and len(data["members"]) == 3


def test_design_cli_settle_found_and_conflict() -> None:
    out = runner.invoke(app, ["settle", str(EXAMPLES / "demands_ten_parties.yaml"), "--json"])
    assert out.exit_code == 0, out.output
    data = json.loads(out.output)
    assert data["found"] and data["complete"] and data["settlements"]
    out = runner.invoke(app, ["settle", str(EXAMPLES / "demands_deadlock.yaml")])
    assert out.exit_code == 0
    assert "Smallest set of demands that conflict" in out.output


def test_design_cli_bad_input_is_one_line_exit_2(tmp_path: Path) -> None:
    for args in (
        ["design", "A:1, B:x", "--target", "sqrt"],
        ["design", "A:1, B:2", "--target", "golden"],
        ["design", "A:1, B:2", "--quota-range", "60%"],
        ["settle", str(tmp_path / "missing.yaml")],
    ):
        out = runner.invoke(app, args)
        assert out.exit_code == 2, (args, out.output)
        assert out.output.startswith("powershare: error: ")
        assert out.output.count("\n") == 1
    bad = tmp_path / "bad.yaml"
    bad.write_text("members: {A: 1}\ndemands: [{party: Q, veto: true}]\n")
    out = runner.invoke(app, ["settle", str(bad)])
    assert out.exit_code == 2 and "unknown member 'Q'" in out.output


def test_design_refuses_values_that_are_not_numbers_and_stops_at_distance_zero() -> None:
    import typer
    from typer.testing import CliRunner

    from powershare.cli.design_cmd import register

    app = typer.Typer()
    register(app)
    runner = CliRunner()
    bad = runner.invoke(app, ["design", "A:x, B:3"])
    assert bad.exit_code == 2 and "'x' is not a number" in bad.stderr
    duplicate = runner.invoke(app, ["design", "A:1, A:3"])
    assert duplicate.exit_code == 2 and "duplicate member name 'A'" in duplicate.stderr
    equal = runner.invoke(app, ["design", "A:1, B:3", "--json"])
    assert equal.exit_code == 0
    data = json.loads(equal.stdout)
    closest = data["frontier"][-1]
    assert closest["distance"] == 0 and closest["unanimity"]  # said, not hidden
    assert data["frontier"][0]["decisiveness"] == 0.5 and data["chosen"] is None
