"""The ``powershare power`` command: table, JSON, CSV, and one-line errors with exit code 2."""

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from powershare.cli import app

runner = CliRunner()


def run(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args), env={"COLUMNS": "200"})
    return result.exit_code, result.stdout, result.stderr


def test_table_output() -> None:
    code, out, _ = run("power", "[12; 4,4,4,2,2,1]", "--exact")
    assert code == 0
    assert "Banzhaf (normalised)" in out and "Shapley-Shubik" in out
    assert "5/21" in out and "7/30" in out
    assert "values are exact" in out


def test_json_output_schema() -> None:
    code, out, _ = run(
        "power", "eec-1958", "--json", "--exact", "--index", "banzhaf,banzhaf_absolute,shapley"
    )
    assert code == 0
    data = json.loads(out)
    assert data["index"] == ["banzhaf", "banzhaf_absolute", "shapley"]
    assert data["exact"] is True and isinstance(data["method"], str)
    lux = data["members"][5]
    assert lux["name"] == "Luxembourg" and lux["weight"] == 1
    assert lux["banzhaf"] == 0.0 and lux["banzhaf_exact"] == "0"
    france = data["members"][0]
    assert france["shapley_exact"] == "7/30" and france["banzhaf_absolute_exact"] == "5/16"
    assert france["banzhaf"] == pytest.approx(5 / 21)


def test_json_without_exact_has_no_fractions() -> None:
    code, out, _ = run("power", "[3; 2,1,1]", "--json")
    data = json.loads(out)
    assert code == 0 and "banzhaf_exact" not in data["members"][0]


def test_csv_output(tmp_path: Path) -> None:
    body = tmp_path / "body.csv"
    body.write_text("name,weight\nA,2\nB,1\nC,1\n", encoding="utf-8")
    code, out, _ = run("power", str(body), "--quota", "3", "--csv", "--exact")
    assert code == 0
    lines = out.strip().splitlines()
    assert lines[0].startswith("name,weight,banzhaf")
    assert lines[1].startswith("A,2,0.6,3/5")


def test_quota_forms_on_cli() -> None:
    code, out, _ = run("power", "A:2, B:1, C:1", "--quota", "majority", "--json")
    assert code == 0 and json.loads(out)["quota"] == 3
    code, out, _ = run("power", "[12; 4,4,4,2,2,1]", "--quota", "50%", "--json")
    assert code == 0 and json.loads(out)["quota"] == 9


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (["[5; 3, -2]"], "is -2; weights must be 0 or more"),
        (["[30; 3, 2]"], "above the total weight"),
        (["[0; 3, 2]"], "must be positive"),
        (["[2; ]"], "no weights"),
        (["A:1, A:2", "--quota", "2"], "duplicate member name 'A'"),
        (["[2; 1, x]"], "'x' is not a number"),
        (["[2; 1, nan]"], "finite"),
        (["[2; 1, inf]"], "finite"),
        (["missing.csv", "--quota", "2"], "does not exist"),
        (["nonsense"], "not a file, a dataset name"),
        (["[3; 2, 1, 1]", "--index", "bogus"], "unknown index 'bogus'"),
        (["[3; 2, 1, 1]", "--quota", "abc"], "'abc' is not a number"),
        (["[3; 2, 1, 1]", "--method", "magic"], "unknown method 'magic'"),
        (["[3; 2, 1, 1]", "--max-memory", "lots"], "not a size"),
    ],
)
def test_bad_input_is_one_line_exit_2(args: list[str], fragment: str) -> None:
    code, out, err = run("power", *args)
    assert code == 2, (out, err)
    assert fragment in err
    assert len(err.strip().splitlines()) == 1
    assert "Traceback" not in err + out


def test_csv_needs_quota(tmp_path: Path) -> None:
    body = tmp_path / "body.csv"
    body.write_text("name,weight\nA,2\nB,1\n", encoding="utf-8")
    code, _, err = run("power", str(body))
    assert code == 2 and "--quota" in err


def test_refused_up_front_when_over_the_limit() -> None:
    weights = ",".join(str(w) for w in range(1, 401))
    code, _, err = run(
        "power", f"[majority; {weights}]", "--index", "shapley", "--max-seconds", "0.000001"
    )
    assert code == 3
    assert "would take about" in err and "--max-seconds" in err


def test_enumeration_refuses_large_bodies() -> None:
    weights = ",".join("1" for _ in range(40))
    code, _, err = run("power", f"[21; {weights}]", "--method", "enumeration")
    assert code == 2 and "limited to 25 members" in err


def test_datasets_listing() -> None:
    code, out, _ = run("datasets")
    assert code == 0 and "us-electoral-college-2024" in out and "eec-1958" in out
    code, out, _ = run("datasets", "un-security-council")
    assert code == 0 and "[39; 7, 7, 7, 7, 7, 1" in out


def test_semicolon_csv_and_scenario_with_count(tmp_path: Path) -> None:
    body = tmp_path / "body.csv"
    body.write_text("party;seats;notes\nA;2;x\nB;1;\nC;1;\n", encoding="utf-8")
    code, out, _ = run("power", str(body), "--quota", "3", "--json")
    assert code == 0 and [m["name"] for m in json.loads(out)["members"]] == ["A", "B", "C"]
    bad = tmp_path / "bad.csv"
    bad.write_text("name,weight\nA,2\nB,zwei\n", encoding="utf-8")
    code, _, err = run("power", str(bad), "--quota", "3")
    assert code == 2 and "bad.csv, line 3: weight of 'B' 'zwei' is not a number" in err
    scenario = tmp_path / "s.yaml"
    scenario.write_text(
        "members:\n  - {name: Big, weight: 3}\n  - {name: Small, count: 3, weight: 1}\n"
        "rule: {quota: majority}\nblocs: {Smalls: [Small 1, Small 2, Small 3]}\n",
        encoding="utf-8",
    )
    code, out, _ = run("power", str(scenario), "--index", "owen", "--json")
    assert code == 0, out
    assert [m["name"] for m in json.loads(out)["members"]] == [
        "Big",
        "Small 1",
        "Small 2",
        "Small 3",
    ]


def test_new_registry_names() -> None:
    code, out, _ = run("power", "us-house-2020", "--json", "--index", "banzhaf")
    assert code == 0 and len(json.loads(out)["members"]) == 50
    code, out, _ = run("power", "eu-council-nice", "--json", "--index", "banzhaf")
    assert code == 0 and json.loads(out)["quota"] == 255


def _timed(*args: str) -> tuple[int, str, str, float]:
    import time

    start = time.perf_counter()
    code, out, err = run(*args)
    return code, out, err, time.perf_counter() - start


def test_coalition_indices_on_weights_near_1e8_answer_at_once() -> None:
    """Holler, Deegan-Packel and Johnston: the estimate no longer loops over the weights."""
    code, out, _, seconds = _timed(
        "power", "[150000000; 100000000, 99999999, 50000001, 3]",
        "-i", "holler,deegan_packel,johnston", "--max-seconds", "2", "--json",
    )  # fmt: skip
    assert code == 0 and seconds < 5
    data = json.loads(out)
    assert data["exact"] is True


def test_equal_huge_weights_are_reduced_not_refused() -> None:
    """26 weights of 4e9 (was 'effective quota too large for exact limb sums')."""
    weights = ",".join(["4000000000"] * 26)
    code, out, _ = run("power", f"[56000000000; {weights}]", "-i", "banzhaf,shapley", "--json")
    assert code == 0
    data = json.loads(out)
    assert data["members"][0]["shapley_exact" if False else "shapley"] == pytest.approx(1 / 26)


def test_quota_beyond_the_kernels_is_one_clear_line() -> None:
    weights = ",".join(str(4_000_000_000 + i) for i in range(26))
    code, _, err = run(
        "power", f"[56000000000; {weights}]", "-i", "banzhaf",
        "--max-memory", "1" + "0" * 40, "--max-seconds", "100000",
    )  # fmt: skip
    assert code in (2, 3)
    assert err.startswith("powershare: error: ") and err.count("\n") == 1
    assert "Traceback" not in err


@pytest.mark.parametrize("size", ["1" + "0" * 40, "1" + "0" * 400])
def test_huge_max_memory_is_accepted(size: str) -> None:
    code, out, err = run("power", "[3; 1,1,1,1]", "--max-memory", size)
    assert code == 0, err
    assert "Banzhaf" in out


def test_huge_weight_among_small_ones() -> None:
    code, _, err = run(
        "power",
        "E0:2, G1:9, H2:19, G3:9, F4:9, G5:2, E6:0, B7:17, G8:18003831446083119104, A9:18",
        "--max-seconds", "2", "--quota", "1",
    )  # fmt: skip
    assert code == 0, err
