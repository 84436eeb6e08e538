"""The ``apportion`` command on a tiny typer app built by ``register``."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from powershare.cli.apportion import register


@pytest.fixture
def app() -> typer.Typer:
    application = typer.Typer()
    register(application)

    @application.callback()
    def _main() -> None:
        """Test app."""

    return application


def _run(app: typer.Typer, *args: str) -> str:
    result = CliRunner().invoke(app, ["apportion", *args])
    if result.exception is not None:
        raise result.exception
    assert result.exit_code == 0, result.output
    return result.output


def _nz_2020(published: Path) -> list[str]:
    """The New Zealand 2020 election: 120 seats, 5% threshold, electorate seats exempt."""
    return [
        str(published / "nz_2020_party_vote.csv"),
        "--seats",
        "120",
        "--threshold",
        "5%",
        "--elsewhere-col",
        "electorate_seats",
    ]


def test_table_output(app: typer.Typer, published: Path) -> None:
    out = _run(
        app,
        str(published / "us_house_2020.csv"),
        "--seats",
        "435",
        "--method",
        "huntington-hill",
        "--min",
        "1",
    )
    assert "huntington-hill: 435 seats" in out
    assert "California" in out and "52" in out
    assert "Loosemore-Hanby" in out


def test_json_output(app: typer.Typer, published: Path) -> None:
    out = _run(app, *_nz_2020(published), "--json")
    data = json.loads(out)
    assert data["method"] == "sainte-lague"
    assert data["ties"] == []
    first = data["units"][0]
    assert set(first) >= {"name", "votes", "quota", "seats"}
    assert {u["name"]: u["seats"] for u in data["units"]}["Labour"] == 65
    assert data["excluded"][0]["name"] == "NZ First"
    assert "disproportionality" in data


def test_csv_output(app: typer.Typer, published: Path) -> None:
    out = _run(
        app, str(published / "us_house_1790.csv"), "--seats", "105", "--method", "dhondt", "--csv"
    )
    lines = out.strip().splitlines()
    assert lines[0] == "name,population,quota,quota_exact,seats"
    assert lines[-1].startswith("Virginia,630560,") and lines[-1].endswith(",19")


def test_ties_and_tie_break(app: typer.Typer, tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    path.write_text("name,votes\nA,300\nB,100\nC,100\n", encoding="utf-8")
    out = _run(app, str(path), "--seats", "3", "--method", "hare")
    assert "Unresolved tie" in out and "B, C" in out
    data = json.loads(
        _run(
            app,
            str(path),
            "--seats",
            "3",
            "--method",
            "hare",
            "--tie-break",
            "lot",
            "--seed",
            "1",
            "--json",
        )
    )
    assert data["complete"] is True and data["ties"][0]["rule"] == "lot"


def test_reserved_and_total(app: typer.Typer, tmp_path: Path) -> None:
    path = tmp_path / "p.csv"
    path.write_text("province,population\nA,900\nB,100\n", encoding="utf-8")
    data = json.loads(
        _run(app, str(path), "--total", "12", "--reserved", "Kuchi=2", "--min", "2", "--json")
    )
    assert data["house"] == 10 and data["total_seats"] == 12
    assert [u["seats"] for u in data["units"]] == [8, 2]


def test_sweep_reports_alabama(app: typer.Typer, tmp_path: Path) -> None:
    path = tmp_path / "a.csv"
    path.write_text("name,population\nA,6\nB,6\nC,2\n", encoding="utf-8")
    out = _run(app, str(path), "--seats", "10", "--method", "hare", "--sweep", "9:12")
    assert "Alabama paradox: C has 2 seats at 10 but 1 at 11" in out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--method", "borda"], "unknown method 'borda'"),
        (["--threshold", "five"], "threshold is 'five'"),
        (["--tie-break", "lot"], "needs a seed"),
        (["--min", "50"], "minimum seats add up to 150"),
        (["--json", "--csv"], "at most one"),
        (["--then", "pizza"], "allowed: power"),
        (["--then", "power"], "needs --quota"),
        (["--quota", "2/3"], "only used with --then power"),
        (["--reserved", "Kuchi"], "NAME=SEATS"),
        (["--sweep", "10"], "START:STOP"),
    ],
)
def test_bad_input_raises_named_error(
    app: typer.Typer, tmp_path: Path, args: list[str], message: str
) -> None:
    path = tmp_path / "p.csv"
    path.write_text("name,population\nA,900\nB,100\nC,50\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["apportion", str(path), "--seats", "10", *args])
    assert result.exit_code == 2  # one line, exit 2 (cli/errors.reports_errors)
    assert result.stderr.startswith("powershare: error: ") and message in result.stderr


def test_then_power(app: typer.Typer, published: Path) -> None:
    data = json.loads(_run(app, *_nz_2020(published), "--then", "power", "--quota", "61", "--json"))
    assert "power" in data


def test_sweep_past_2_to_the_63_is_refused_with_its_estimate(tmp_path: Path) -> None:
    """Found by the long fuzz run: len() of the range overflowed (OverflowError)."""
    from typer.testing import CliRunner

    from powershare.cli.app import app

    units = tmp_path / "units.csv"
    units.write_text("name,votes\nA,2305\nB,1682\nC,103057\n", encoding="utf-8")
    out = CliRunner().invoke(app, ["apportion", str(units), "--sweep", "1:18446744073709551616"])
    assert out.exit_code == 3, out.output
    assert "18,446,744,073,709,551,616 house sizes" in out.output
