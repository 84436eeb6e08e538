"""Inputs past their bounds end in a right answer or one clear line, within seconds
(``powershare: error: ...``; exit 2 for input refused, 3 for work past a limit)."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from powershare.cli import app

runner = CliRunner()


def run(*args: str) -> tuple[int, str, str, float]:
    start = time.perf_counter()
    result = runner.invoke(app, list(args), env={"COLUMNS": "200"})
    return result.exit_code, result.stdout, result.stderr, time.perf_counter() - start


def refused(code: int, err: str, seconds: float, fragment: str, exit_code: int = 2) -> None:
    assert code == exit_code, err
    assert err.startswith("powershare: error: ") and err.count("\n") == 1, err
    assert fragment in err, err
    assert seconds < 10


def test_long_member_list_is_not_a_file_name() -> None:
    text = ", ".join(f"M{i}:{i % 7 + 1}" for i in range(60))
    code, out, err, _ = run("power", text, "--quota", "majority")
    assert code == 0, err
    assert "M59" in out


def test_huge_weight_in_the_table() -> None:
    code, out, err, _ = run("power", "[3; 1e400, 1, 2]")
    assert code == 0, err
    assert "2.000e+399" in out  # power over a tiny weight share, in scientific notation
    assert "1.0000e+400" in out  # the weight itself, shortened (--json keeps every digit)
    code, out, err, _ = run("power", "[3; 1e400, 1, 2]", "--json")
    assert code == 0, err


def test_exponent_past_the_digit_bound() -> None:
    code, _, err, seconds = run("power", "[3; 1e999999999, 1]")
    refused(code, err, seconds, "'1e999999999' has 1,000,000,000 digits; numbers are limited")


LONG = "9" * 5000


@pytest.mark.parametrize("form", ["notation", "json", "json-string", "yaml", "csv", "apportion"])
def test_numbers_of_5000_digits(tmp_path: Path, form: str) -> None:
    members = {"A": LONG, "B": "1"}
    if form == "notation":
        args = ["power", f"[3; {LONG}, 1, 2]"]
    elif form.startswith("json"):
        quote = '"' if form == "json-string" else ""
        body = ", ".join(
            f'{{"name": "{n}", "weight": {quote}{w}{quote}}}' for n, w in members.items()
        )
        path = tmp_path / "b.json"
        path.write_text(f'{{"members": [{body}], "rule": {{"quota": "majority"}}}}')
        args = ["power", str(path)]
    elif form == "yaml":
        path = tmp_path / "b.yaml"
        lines = "".join(f"  - {{name: {n}, weight: {w}}}\n" for n, w in members.items())
        path.write_text(f"members:\n{lines}rule: {{quota: majority}}\n")
        args = ["power", str(path)]
    else:
        path = tmp_path / "b.csv"
        path.write_text("name,votes\n" + "".join(f"{n},{w}\n" for n, w in members.items()))
        args = ["power", str(path), "--quota", "majority"]
        if form == "apportion":
            args = ["apportion", str(path), "--seats", "3"]
    code, _, err, seconds = run(*args)
    refused(code, err, seconds, "has 5,000 digits; numbers are limited to 1,000 digits")


@pytest.mark.parametrize("suffix", [".json", ".yaml"])
def test_deep_nesting(tmp_path: Path, suffix: str) -> None:
    path = tmp_path / f"deep{suffix}"
    path.write_text('{"members": ' + "[" * 2000 + "]" * 2000 + ', "rule": {"quota": 1}}')
    code, _, err, seconds = run("power", str(path))
    refused(code, err, seconds, "nested more than 100 levels deep")


def test_yaml_alias_bomb(tmp_path: Path) -> None:
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for p, c in zip("abcdefgh", "bcdefghi", strict=True):
        lines.append(f"{c}: &{c} [{', '.join([f'*{p}'] * 9)}]")
    lines += ["members: [{name: A, weight: 1}]", "rule: {quota: 1}"]
    path = tmp_path / "bomb.yaml"
    path.write_text("\n".join(lines) + "\n")
    assert path.stat().st_size < 1024
    code, _, err, seconds = run("power", str(path))
    refused(code, err, seconds, "aliases are limited to 100,000 values")


def test_count_past_the_member_bound(tmp_path: Path) -> None:
    path = tmp_path / "count.yaml"
    path.write_text(
        "members:\n  - {name: S, count: 1000000000, weight: 1}\n"
        "rule: {type: weighted, quota: majority}\n"
    )
    code, _, err, seconds = run("power", str(path))
    refused(code, err, seconds, "1,000,000,000 members; bodies are limited to 100,000 members")


@pytest.mark.parametrize("verb", ["power", "apportion"])
def test_csv_with_too_many_rows(tmp_path: Path, verb: str) -> None:
    path = tmp_path / "rows.csv"
    path.write_text("name,population\n" + "".join(f"M{i},{i % 9 + 1}\n" for i in range(100_010)))
    extra = ["--quota", "majority"] if verb == "power" else ["--seats", "10"]
    code, _, err, seconds = run(verb, str(path), *extra)
    refused(code, err, seconds, "100,011 rows; bodies are limited to 100,000 members")


def test_file_past_the_size_bound(tmp_path: Path) -> None:
    path = tmp_path / "big.csv"
    with path.open("wb") as handle:
        handle.truncate(10_000_001)
    code, _, err, seconds = run("power", str(path), "--quota", "1")
    refused(code, err, seconds, "input files are limited to 10,000,000 bytes")


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
@pytest.mark.parametrize("name", ["pipe.csv", "pipe.yaml"])
def test_fifo_and_device_are_not_read(tmp_path: Path, name: str) -> None:
    fifo = tmp_path / name
    os.mkfifo(fifo)
    code, _, err, seconds = (
        run("power", str(fifo), "--quota", "1")
        if name.endswith(".csv")
        else run("power", str(fifo))
    )
    refused(code, err, seconds, "is not a regular file")
    if os.path.exists("/dev/zero"):
        code, _, err, seconds = run("apportion", "/dev/zero", "--seats", "3")
        refused(code, err, seconds, "is not a regular file")


def test_two_tier_split_has_no_false_veto_players(tmp_path: Path) -> None:
    path = tmp_path / "split.yaml"
    path.write_text(
        "members:\n"
        + "".join(f"  - {{name: a{i}, w: 1, unit: U}}\n" for i in range(1, 5))
        + "rule:\n  type: two_tier\n  group_by: unit\n"
        "  unit_rule: {type: weighted, weight: w, quota: majority}\n"
        "  units: [{name: U, votes: 2}]\n"
        '  upper: {type: weighted, weight: votes, quota: "2/3"}\n'
        "  split: true\n"
    )
    code, out, err, _ = run("structure", str(path))
    assert code == 0, err
    assert "Veto players: none" in out
    assert "{a1, a2, a3}" in out


def test_apportion_sweep_past_the_limits(tmp_path: Path) -> None:
    path = tmp_path / "units.csv"
    path.write_text("name,population\nA,5000\nB,3000\nC,2000\n")
    code, _, err, seconds = run("apportion", str(path), "--seats", "10", "--sweep", "1:1000000000")
    refused(code, err, seconds, "a sweep over 1,000,000,000 house sizes", exit_code=3)
    code, _, err, seconds = run(
        "apportion", str(path), "--seats", "10", "--sweep", "1:1000", "--max-seconds", "0.01"
    )
    refused(code, err, seconds, "over the limits of 10 ms", exit_code=3)
    code, out, err, _ = run("apportion", str(path), "--seats", "10", "--sweep", "1:20")
    assert code == 0, err
    assert "No Alabama paradox" in out
