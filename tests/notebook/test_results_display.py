"""Every result has a short repr, ``_repr_html_`` and ``to_pandas()``; results with a natural
plot draw on the axes they are given (issue 16)."""

from __future__ import annotations

from fractions import Fraction
from typing import Any

import pytest

from powershare.apportion import apportion
from powershare.audit import audit, load_audit_scenario
from powershare.audit.sections import build_report
from powershare.design.frontier import design_frontier
from powershare.design.quota import distance_by_quota
from powershare.design.settle import settle
from powershare.design.settlement import Demand, SettlementProblem
from powershare.games.weighted import WeightedGame
from powershare.structure.core import analyse
from powershare.structure.decisiveness import decisiveness
from powershare.structure.solutions import solutions
from powershare.uncertainty import analyse_uncertain, run_sweep, scenario_from_mapping

pd = pytest.importorskip("pandas")
figure = pytest.importorskip("matplotlib.figure")

EEC = WeightedGame(12, [4, 4, 4, 2, 2, 1], ["FR", "DE", "IT", "BE", "NL", "LU"])
TOY = {  # 2 x 2 seat vectors: enumerated exactly
    "name": "toy",
    "members": [
        {"name": "A", "seats": [2, 7]},
        {"name": "B", "seats": 3},
        {"name": "C", "seats": [1, 3]},
    ],
    "rule": {"quota": "60%"},
    "index": ["banzhaf", "shapley"],
}


def _check(result: Any, rows: int, words: str) -> Any:
    """Short repr naming the type, HTML table, DataFrame of ``rows`` rows."""
    text = repr(result)
    assert text.startswith(type(result).__name__ + "(") and words in text, text
    assert len(text) < 160 and "\n" not in text
    page = result._repr_html_()
    assert page.startswith("<table>") and page.endswith("</table>")
    df = result.to_pandas()
    assert len(df) == rows
    return df


def _axes() -> Any:
    return figure.Figure().add_subplot()


def test_apportionment() -> None:
    result = apportion({"A": 60, "B": 30, "C": 10}, 10, "dhondt")
    df = _check(result, 3, "dhondt, 10 seats to 3 units")
    assert list(df["seats"]) == list(result.seats) and str(df["population"].dtype) == "int64"
    assert list(df["quota"]) == list(result.quotas) and df["quota"].sum() == 10
    ax = _axes()
    assert result.plot(ax=ax) is ax and len(ax.patches) == 6


def test_design_frontier_and_quota_curve() -> None:
    frontier = design_frontier([0.4, 0.3, 0.2, 0.1], total_weight=10)
    df = _check(frontier, len(frontier.rules), "rules, 4 members")
    assert list(df["decisiveness"]) == [r.collectivity for r in frontier.rules]
    assert isinstance(df["decisiveness"].iloc[0], Fraction)
    ax = _axes()
    assert frontier.plot(ax=ax) is ax and len(ax.collections) >= len(frontier.rules)
    curve = distance_by_quota([4, 3, 2, 1], [0.4, 0.3, 0.2, 0.1])
    df = _check(curve, len(curve.quotas), "quotas; best")
    assert list(df.index) == list(curve.quotas)
    ax = _axes()
    assert curve.plot(ax=ax) is ax and len(ax.lines) == 2


def test_settlement() -> None:
    problem = SettlementProblem(
        names=("A", "B", "C", "D"),
        seats=((40, 40), (30, 30), (20, 20), (10, 10)),
        demands=(Demand("veto", "A"),),
    )
    result = settle(problem, top=3)
    df = _check(result, len(result.settlements), "settlement")
    assert list(df["rule"]) == [s.rule for s in result.settlements]
    assert list(df["seats A"]) == [s.seats[0] for s in result.settlements]


def test_structure_results() -> None:
    df = _check(analyse(EEC), 6, "6 members")
    assert list(df["dummy"]) == [False] * 5 + [True]
    df = _check(decisiveness(EEC), 6, "collectivity")
    assert not df["veto"].any()
    df = _check(solutions(EEC), 6, "core empty")
    assert sum(df["nucleolus"]) == 1 and isinstance(df["nucleolus"].iloc[0], Fraction)


def test_uncertainty_results() -> None:
    result = analyse_uncertain(scenario_from_mapping(TOY))
    df = _check(result, 3, "3 members, exact")
    assert isinstance(df["banzhaf"].iloc[0], Fraction)  # exact means from the enumeration
    assert df["banzhaf_float"].between(0, 1).all()
    ax = _axes()
    assert result.plot(ax=ax) is ax and len(ax.containers) == 1
    sweep = run_sweep([scenario_from_mapping(TOY)], quotas=["majority", "2/3"], draws=50)
    df = _check(sweep, len(sweep.rows), "draws each")
    assert list(df.columns)[:4] == ["scenario", "method", "quota", "member"]
    ax = _axes()
    assert sweep.plot(ax=ax) is ax and len(ax.containers) == 3


def test_audit_report_tables() -> None:
    a = audit(load_audit_scenario("eec-1958"), what_ifs=False, curve=False)
    report = build_report(a)
    df = report.to_pandas()
    assert list(df.index) == ["France", "Germany", "Italy", "Belgium", "Netherlands", "Luxembourg"]
    assert "Banzhaf" in df.columns
    assert "power" in report.tables()


def test_audit_to_pandas_is_the_exact_member_table() -> None:
    pytest.importorskip("pandas")
    a = audit(load_audit_scenario("eec-1958"), what_ifs=False, curve=False, citizens=False)
    frame = a.to_pandas()
    assert len(frame) == 6
    exact = [c for c in frame.columns if c.startswith("banzhaf") and not c.endswith("_float")]
    assert exact, list(frame.columns)
    values = list(frame[exact[0]])
    assert values[-1] == 0 and all(isinstance(v, Fraction) for v in values)
