"""Names in the terminal output are data: rich's console markup (``[red]``, ``[/]``) and emoji
codes (``:smile:``) inside a member, party, area or scenario name print verbatim, in every
command that prints a rich table or message."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from powershare.cli import app
from powershare.cli.structure_cmd import render_special
from powershare.cli.terminal import new_console

runner = CliRunner()

NAMES = [":smile:", "A[red]x", "[bold]B", "[/]", "[link=x]L", ":thumbs_up:", "C\\[", "D\\"]
"""Markup tags, a bare closing tag (a markup error when parsed), emoji codes, an escaped bracket
and a trailing backslash (which rich's own ``escape`` doubles)."""

WEIGHTS = [5, 4, 3, 3, 2, 2, 1, 1]
EMOJI = ("😄", "👍")


def run(*args: str, ok: bool = True) -> str:
    result = runner.invoke(app, list(args), env={"COLUMNS": "200"})
    if ok:
        assert result.exit_code == 0, result.output
    return result.stdout


def inline(names: list[str] = NAMES) -> str:
    """``:smile::5, A[red]x:4, ...`` (the first name does not start with ``[``: notation)."""
    return ", ".join(f"{n}:{w}" for n, w in zip(names, WEIGHTS, strict=False))


def cells(out: str) -> set[str]:
    """The text of every cell of the tables in ``out``."""
    found = set()
    for line in out.splitlines():
        if "│" in line or "┃" in line:
            found.update(c.strip() for c in re.split(r"[│┃]", line))
    return found


def words(out: str) -> set[str]:
    """Every item of the lists in running text: split at ``, ``, ``+``, braces, ``: `` and the
    ends of lines."""
    found = set()
    for line in out.splitlines():
        found.update(p.strip() for p in re.split(r", |[{}+]| > |: |\. |\(|\)", line))
    return found


def tokens(out: str) -> set[str]:
    """Every run of non-blank characters of ``out`` (for tables drawn without lines)."""
    return set(out.split())


def assert_verbatim(out: str, names: list[str] = NAMES, *, where: str = "cells") -> None:
    shown = {"cells": cells, "words": words, "tokens": tokens}[where](out)
    missing = [n for n in names if n not in shown]
    assert not missing, f"not shown verbatim: {missing}\n{out}"
    assert not any(e in out for e in EMOJI), out


def test_power_table_and_sentences() -> None:
    out = run("power", inline(), "--quota", "majority", "--exact")
    assert_verbatim(out)
    decisive = next(line for line in out.splitlines() if line.startswith("Decisiveness:"))
    assert ":smile:" in decisive


def test_power_blocs_and_bloc_game(tmp_path: Path) -> None:
    body = tmp_path / "body.json"
    members = [{"name": n, "weight": w} for n, w in zip(NAMES, WEIGHTS, strict=True)]
    blocs = {"[red]North:smile:": NAMES[:3], "South\\": NAMES[3:]}
    body.write_text(json.dumps({"members": members, "rule": {"quota": "majority"}, "blocs": blocs}))
    out = run("power", str(body), "--index", "owen", "--bloc-game")
    assert_verbatim(out)
    assert "[red]North:smile:" in cells(out) and "South\\" in cells(out)
    assert "Blocs: " in out and "[red]North:smile:" in out.split("Blocs: ", 1)[1]


def test_structure() -> None:
    out = run("structure", inline(), "--quota", "majority")
    assert_verbatim(out, where="words")
    desirability = next(line for line in out.splitlines() if line.startswith("Desirability"))
    assert desirability.endswith("{:smile:} > {A[red]x} > {[bold]B, [/]} > "
                                 "{[link=x]L, :thumbs_up:} > {C\\[, D\\}")  # fmt: skip


def test_structure_past_the_enumeration_limit() -> None:
    """The words printed for a rule too large to enumerate (not weighted, over 25 members)."""
    found = {
        "veto_players": NAMES[:3],
        "dummies": NAMES[3:],
        "dictator": None,
        "winning_coalitions": 7,
        "note": "coalitions of [bold]B",
    }
    buffer = io.StringIO()
    render_special(found, new_console(file=buffer, width=200), "every one of [red]X")
    out = buffer.getvalue()
    assert_verbatim(out, where="words")
    assert "Veto players: :smile:, A[red]x, [bold]B\n" in out
    assert "Rule: every one of [red]X." in out and "Not listed: coalitions of [bold]B" in out


def test_solutions() -> None:
    out = run("solutions", inline(), "--quota", "majority")
    assert_verbatim(out)


def test_design_frontier_curve_and_two_tier() -> None:
    three = [*NAMES[:2], NAMES[6]]
    body = ", ".join(f"{n}:{w}" for n, w in zip(three, [3, 2, 2], strict=True))
    out = run("design", body, "--total-weight", "7")
    assert_verbatim(out, three)
    assert "Members in the weights: :smile:, A[red]x, C\\[;" in out
    out = run("design", body, "--quota-only", "--target", "proportional")
    assert_verbatim(out, three)
    populations = ", ".join(f"{n}:{w}" for n, w in zip(three, [9000, 4000, 1000], strict=True))
    assert_verbatim(run("design", populations, "--two-tier"), three)


def test_settle(tmp_path: Path) -> None:
    demands = tmp_path / "demands.json"
    members = dict(zip(NAMES[:4], [40, 30, 20, 10], strict=True))
    demands.write_text(
        json.dumps(
            {
                "title": "[red]Council:smile:",
                "members": members,
                "families": ["weighted"],
                "demands": [{"party": ":smile:", "veto": True}],
            }
        )
    )
    out = run("settle", str(demands))
    assert "[red]Council:smile:" in out
    assert_verbatim(out, NAMES[:4], where="tokens")


def test_apportion_and_its_power(tmp_path: Path) -> None:
    units = tmp_path / "units.csv"
    units.write_text(
        "name,population\n"
        + "".join(f'"{n}",{w * 1000}\n' for n, w in zip(NAMES, WEIGHTS, strict=True))
    )
    out = run("apportion", str(units), "--seats", "21", "--then", "power", "--quota", "majority")
    assert_verbatim(out)


PACKAGE = """
package:
  name: "[red]Deal:smile:"
  parties:
    - {name: ":smile:", seats: 5}
    - {name: "A[red]x", seats: 4}
    - {name: "[bold]B", seats: 3}
    - {name: "D\\\\", seats: 1}
  areas:
    - {name: "[bold]laws"}
    - {name: ":thumbs_up:"}
  institutions:
    - name: "[red]House"
      members:
        - {name: ":smile:", seats: 5}
        - {name: "A[red]x", seats: 4}
        - {name: "[bold]B", seats: 3}
        - {name: "D\\\\", seats: 1}
      rule: {type: weighted, weight: seats, quota: majority}
      decides: ["[bold]laws", ":thumbs_up:"]
"""


def test_package_and_compare(tmp_path: Path) -> None:
    path = tmp_path / "deal.yaml"
    path.write_text(PACKAGE)
    parties = [":smile:", "A[red]x", "[bold]B", "D\\"]
    out = run("package", str(path))
    assert_verbatim(out, parties)
    assert {"[bold]laws", ":thumbs_up:", "[red]House: [bold]laws"} <= cells(out), out
    assert "[red]Deal:smile:" in out
    out = run("package", str(path), "--compare", str(path))
    assert_verbatim(out, parties)
    assert "[red]Deal:smile: vs [red]Deal:smile:" in out


def test_uncertain(tmp_path: Path) -> None:
    path = tmp_path / "council.yaml"
    members = [
        {"name": n, "seats": [w, w + 1] if i < 2 else w}
        for i, (n, w) in enumerate(zip(NAMES, WEIGHTS, strict=True))
    ]
    scenario = {"name": "[red]Council:smile:", "members": members, "rule": {"quota": "60%"}}
    path.write_text(json.dumps(scenario))
    out = run("uncertain", str(path))
    assert_verbatim(out)
    assert "[red]Council:smile:" in out


def test_audit() -> None:
    out = run("audit", inline(), "--quota", "majority")
    for name in NAMES:
        assert name in out, name
    assert not any(e in out for e in EMOJI), out
    assert "D\\\\" not in out  # a trailing backslash is not doubled


# -- any name, through a JSON file (names with commas or colons do not fit the inline list) ----

_NAME = st.text(alphabet="[]:/\\ab =#@", min_size=1, max_size=10).filter(
    lambda s: s.strip() == s and s.strip() != ""
)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(names=st.lists(_NAME, min_size=1, max_size=5, unique=True))
def test_power_prints_any_name_verbatim(tmp_path: Path, names: list[str]) -> None:
    body = tmp_path / "body.json"
    members = [{"name": n, "weight": i + 1} for i, n in enumerate(names)]
    body.write_text(json.dumps({"members": members, "rule": {"quota": "majority"}}))
    result = runner.invoke(app, ["power", str(body)], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    shown = cells(result.stdout)
    assert all(n in shown for n in names), (names, result.stdout)
