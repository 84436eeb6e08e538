"""Input and output for other programs: ``-`` for standard input, CSV dialects (separators,
decimal commas, thousands separators), ``.tsv`` and ``.xlsx`` files, and counts beyond 2^53
written so that spreadsheets and R cannot round them silently (docs/input.md)."""

from __future__ import annotations

import csv
import io
import json
from fractions import Fraction
from math import comb
from pathlib import Path

import pytest
from typer.testing import CliRunner

from powershare.cli import app
from powershare.cli.output import SAFE_INTEGER, csv_text, exact_json
from powershare.errors import ParseError
from powershare.games.columns import number_style, parse_table

runner = CliRunner()

EEC_CSV = "name,weight\nFR,4\nDE,4\nIT,4\nBE,2\nNL,2\nLU,1\n"
EEC_YAML = """members:
  - {name: FR, weight: 4}
  - {name: DE, weight: 4}
  - {name: IT, weight: 4}
  - {name: BE, weight: 2}
  - {name: NL, weight: 2}
  - {name: LU, weight: 1}
rule: {quota: 12}
"""


def run(*args: str, stdin: str | None = None) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args), input=stdin, env={"COLUMNS": "200"})
    return result.exit_code, result.stdout, result.stderr


def rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def banzhaf(text: str) -> dict[str, str]:
    return {r["name"]: r["banzhaf_exact"] for r in rows(text)}


EEC_BANZHAF = {"FR": "5/21", "DE": "5/21", "IT": "5/21", "BE": "1/7", "NL": "1/7", "LU": "0"}


@pytest.mark.parametrize("text", [EEC_CSV, EEC_YAML, json.dumps({"members": [], "x": 1})])
def test_game_from_standard_input(text: str) -> None:
    code, out, err = run("power", "-", "--quota", "12", "--csv", "--exact", stdin=text)
    if "members" in text and "[]" in text:  # a JSON scenario without members: one clear line
        assert code == 2 and err.startswith("powershare: error: standard input")
        return
    assert code == 0, err
    assert banzhaf(out) == EEC_BANZHAF


def test_notation_from_standard_input_and_a_table_needs_a_quota() -> None:
    code, out, err = run("power", "-", "--csv", "--exact", stdin="[12; 4,4,4,2,2,1]\n")
    assert code == 0, err
    assert [r["banzhaf_exact"] for r in rows(out)] == list(EEC_BANZHAF.values())
    code, _, err = run("power", "-", stdin=EEC_CSV)
    assert code == 2 and err.count("\n") == 1
    assert "standard input holds a table of members without a rule" in err


def test_csv_from_standard_input_for_apportion_and_design() -> None:
    units = "name;pop\nA;600\nB;400\n"
    code, out, err = run("apportion", "-", "--seats", "10", "--csv", stdin=units)
    assert code == 0, err
    assert [(r["name"], r["seats"]) for r in rows(out)] == [("A", "6"), ("B", "4")]
    code, out, err = run("design", "-", "--two-tier", "--json", stdin="name,pop\nA,100\nB,25\n")
    assert code == 0, err
    assert [m["population"] for m in json.loads(out)["members"]] == [100, 25]


def test_audit_reads_standard_input() -> None:
    code, out, err = run("audit", "-", "--csv", stdin=EEC_YAML)
    assert code == 0, err
    assert {r["name"]: r["banzhaf_exact"] for r in rows(out)} == EEC_BANZHAF


@pytest.mark.parametrize(
    ("text", "values"),
    [
        ("name;weight\nA;12,5\nB;7\n", ("12.5", "7")),  # decimal comma, ';'
        ("name\tweight\nA\t1.234,5\nB\t2\n", ("1234.5", "2")),  # dot thousands, tab
        ('name,weight\nA,"1,234.5"\nB,"1,000,000"\n', ("1234.5", "1000000")),
        ("name;weight\nA;1 234\nB;1\u00a0000,25\n", ("1234", "1000.25")),  # spaces
        ("name;weight\nA;1,250\nB;0,5\n", ("1.250", "0.5")),  # 0,5 tells: decimal comma
        ("name;weight\nA;1,250\nB;7\n", ("1250", "7")),  # nothing tells: thousands
        ("name;weight\nA;1.250\nB;2.000.000\n", ("1250", "2000000")),
    ],
)
def test_csv_dialects(text: str, values: tuple[str, ...]) -> None:
    assert parse_table(text, source="x.csv").values == values


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("name;weight\nA;12,5\nB;1,234.5\n", "'12,5' (x.csv, line 2) and '1,234.5' (x.csv,"),
        ("name;weight\nA;0,5\nB;1.5\n", "'0,5' (x.csv, line 2) and '1.5' (x.csv, line 3)"),
        ("name;weight\nA;1,5\nB;1,2,3\n", "'1,5' (x.csv, line 2) and '1,2,3' (x.csv, line 3)"),
        ("name;weight\nA;1,5\nB;1.2.3\n", "x.csv, line 3: the value of 'B': '1.2.3' is not"),
    ],
)
def test_ambiguous_numbers_are_one_error_naming_the_cells(text: str, fragment: str) -> None:
    with pytest.raises(ParseError) as info:
        parse_table(text, source="x.csv")
    assert fragment in str(info.value)


def test_number_style_by_the_cells_that_tell() -> None:
    assert number_style(["1,5", "7"]) == (",", ".")
    assert number_style(["1.5", "1,234"]) == (".", ",")
    assert number_style(["1,234", "2,345"]) == (".", ",")


def test_tsv_and_european_csv_files_as_game(tmp_path: Path) -> None:
    tsv = tmp_path / "eec.tsv"
    tsv.write_text(EEC_CSV.replace(",", "\t"), encoding="utf-8")
    code, out, err = run("power", str(tsv), "-q", "12", "--csv", "--exact")
    assert code == 0, err
    assert banzhaf(out) == EEC_BANZHAF
    eu = tmp_path / "eu.csv"
    eu.write_text("name;weight\nFR;4,0\nDE;4\nIT;4\nBE;2\nNL;2\nLU;1\n", encoding="utf-8")
    code, out, err = run("power", str(eu), "-q", "12", "--csv", "--exact")
    assert code == 0, err
    assert banzhaf(out) == EEC_BANZHAF


def test_xlsx_round_trip(tmp_path: Path) -> None:
    openpyxl = pytest.importorskip("openpyxl")
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["name", "weight"])
    for line in EEC_CSV.splitlines()[1:]:
        name, weight = line.split(",")
        sheet.append([name, int(weight) + 0.0 if name == "LU" else int(weight)])
    path = tmp_path / "eec.xlsx"
    book.save(path)
    code, out, err = run("power", str(path), "-q", "12", "--csv", "--exact")
    assert code == 0, err
    assert banzhaf(out) == EEC_BANZHAF
    code, out, err = run("apportion", str(path), "--seats", "17", "--csv")
    assert code == 0, err
    assert [r["seats"] for r in rows(out)] == ["4", "4", "4", "2", "2", "1"]
    broken = tmp_path / "broken.xlsx"
    broken.write_text("not a workbook", encoding="utf-8")
    code, _, err = run("power", str(broken), "-q", "12")
    assert code == 2 and "is not a readable .xlsx workbook" in err and err.count("\n") == 1


N = 60
BIG_GAME = f"[31; {', '.join(['1'] * N)}]"


def test_counts_past_2_53_in_csv_are_exact_text() -> None:
    swings = comb(N - 1, 30)  # a member is decisive when exactly 30 of the other 59 vote yes
    assert swings > SAFE_INTEGER
    code, out, err = run("power", BIG_GAME, "--csv", "--exact", "--index", "banzhaf")
    assert code == 0, err
    table = rows(out)
    assert len(table) == N
    header = out.splitlines()[0].split(",")
    assert header.index("banzhaf_swings_exact") == header.index("banzhaf_swings") + 1
    for row in table:
        assert row["banzhaf_swings_exact"] == str(swings)
        assert "e+16" in row["banzhaf_swings"]  # visibly rounded, never silently
        assert Fraction(row["banzhaf_exact"]) == Fraction(1, N)


def test_counts_past_2_53_in_json_are_strings() -> None:
    winning = sum(comb(N, k) for k in range(31, N + 1))
    code, out, err = run("power", BIG_GAME, "--json", "--exact", "--index", "banzhaf")
    assert code == 0, err
    data = json.loads(out)
    assert data["decisiveness"]["winning_coalitions"] == str(winning)
    assert data["decisiveness"]["coalitions"] == str(2**N)
    assert data["members"][0]["banzhaf_swings"] == str(comb(N - 1, 30))
    assert data["members"][0]["weight"] == 1  # small integers stay numbers


def test_structure_csv_and_small_integers_stay_numbers() -> None:
    code, out, err = run("structure", "eec-1958", "--csv")
    assert code == 0, err
    assert rows(out)[-1] == {
        "name": "Luxembourg",
        "veto": "false",
        "dummy": "true",
        "dictator": "false",
        "desirability_rank": "3",
    }
    assert exact_json([SAFE_INTEGER, SAFE_INTEGER + 1]) == [SAFE_INTEGER, str(SAFE_INTEGER + 1)]
    assert csv_text([{"n": 2**53}]) == "n\n9007199254740992\n"
