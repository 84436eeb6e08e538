"""Settlements: one result per game, new demand kinds, estimates, refusals and partial
searches."""

from __future__ import annotations

import dataclasses
import itertools
from fractions import Fraction

import pytest

from powershare.design import (
    Demand,
    Family,
    SettlementProblem,
    estimate_settlement,
    parse_demands,
    settle,
)
from powershare.errors import ParseError, ResourceLimitError
from powershare.games.compound import AllOf, Veto
from powershare.games.weighted import WeightedGame
from powershare.power import brute

NAMES = ("A", "B", "C", "D")
SEATS = ((40, 40), (30, 30), (20, 20), (10, 10))


def _problem(demands: list[Demand], **kw: object) -> SettlementProblem:
    return SettlementProblem(names=NAMES, seats=SEATS, demands=tuple(demands), **kw)  # type: ignore[arg-type]


def _winning(game: object) -> tuple[bool, ...]:
    return tuple(bool(x) for x in brute.winning_table(game))  # type: ignore[arg-type]


def test_settle_merges_rules_into_games_by_enumeration() -> None:
    problem = _problem([], families=(Family("weighted"), Family("veto", vetoers=("A", "B"))))
    result = settle(problem, top=100)
    # enumerate every rule of the family and group by its winning coalitions
    groups: dict[tuple[bool, ...], int] = {}
    for q in range(51, 101):
        base = WeightedGame(q, [40, 30, 20, 10], list(NAMES))
        groups[_winning(base)] = groups.get(_winning(base), 0) + 1
        for v in (["A"], ["B"], ["A", "B"]):
            key = _winning(AllOf([base, Veto(v, list(NAMES))]))
            groups[key] = groups.get(key, 0) + 1
    assert result.games == len(groups) == result.feasible_games == len(result.settlements)
    assert sorted(s.writings for s in result.settlements) == sorted(groups.values())
    assert sum(s.writings for s in result.settlements) == result.family_size == 200
    weighted_games = {
        _winning(WeightedGame(q, [40, 30, 20, 10], list(NAMES))) for q in range(51, 101)
    }
    assert sum(s.family == "weighted" for s in result.settlements) == len(weighted_games)


def test_settle_new_demand_kinds() -> None:
    cases = [
        (Demand("no_veto", "A"), range(51, 61)),
        (Demand("cannot_block_with", "C", allies=("D",)), range(51, 71)),
        (Demand("min_decisiveness", None, Fraction(1, 4)), range(51, 71)),
        (Demand("min_share", "A", Fraction(2, 5), index="shapley"), range(51, 81)),
    ]
    for demand, quotas in cases:
        result = settle(_problem([demand]), top=50)
        assert result.feasible_count == len(quotas), demand.describe()
        assert result.complete
    # [40,30,20,10] quota 51-60: A has no veto; C+D (30) cannot block while q <= 70
    d = settle(_problem([Demand("min_decisiveness", None, Fraction(1, 4))]), top=1)
    assert d.settlements[0].decisiveness == pytest.approx(7 / 16)


def test_settle_conflict_with_new_kinds_is_smallest() -> None:
    demands = [
        Demand("not_dummy", "D"),
        Demand("veto", "B"),  # needs quota 71+
        Demand("min_decisiveness", None, Fraction(1, 4)),  # needs quota <= 70
        Demand("no_veto", "C"),
    ]
    result = settle(_problem(demands))
    assert not result.found and result.complete
    assert result.conflict == (1, 2)


def test_settle_ranks_by_decisiveness_and_population() -> None:
    r = settle(_problem([]), top=5, refuse_above=None)
    # unanimity has equal power (score 0) but is marked and ranked after the plain games
    assert not r.settlements[0].warnings and r.settlements[0].score > 0
    assert any(s.score == 0 and s.warnings for s in r.settlements)

    p = dataclasses.replace(_problem([]), rank_by="decisiveness")
    best = settle(p, top=1).settlements[0]
    assert best.parameters["quota"] == 51 and best.decisiveness == pytest.approx(7 / 16)
    pop = dataclasses.replace(_problem([]), rank_by="population", populations=(Fraction(1),) * 4)
    assert (
        settle(pop, top=1).settlements[0].score == settle(_problem([]), top=1).settlements[0].score
    )


def test_settle_ranks_plain_games_before_degenerate_ones() -> None:
    r = settle(_problem([]), top=5)
    flags = [bool(s.warnings) for s in r.settlements]
    assert flags == sorted(flags)  # every plain game before any degenerate one
    assert r.settlements[0].parameters["quota"] == 51


def test_settle_weighted_in_disguise() -> None:
    # quota 2/3 of seats plus consent of 4 of 5 one-member communities: a weighted vote
    text = """
members: {A: 30, B: 25, C: 20, D: 15, E: 10}
blocs: {a: [A], b: [B], c: [C], d: [D], e: [E]}
families: [{type: bloc_consent, quota: [67, 67], required: [4]}]
"""
    r = settle(parse_demands(text), top=1)
    s = r.settlements[0]
    assert s.weighted.startswith("the same game as the weighted vote")
    assert s.weighted_vote is not None
    weights, quota = s.weighted_vote
    rule = WeightedGame(quota, list(weights), ["A", "B", "C", "D", "E"])
    seats_rule = WeightedGame(67, [30, 25, 20, 15, 10], ["A", "B", "C", "D", "E"])
    win = brute.winning_table(rule)
    seats_win = brute.winning_table(seats_rule)
    for m in range(32):
        assert bool(win[m]) == (bool(seats_win[m]) and bin(m).count("1") >= 4)


def test_settle_estimate_refusal_and_partial_search() -> None:
    text = """
members:
  A: {min: 20, max: 60}
  B: {min: 10, max: 50}
  C: {min: 5, max: 40}
  D: {min: 1, max: 30}
  E: {min: 1, max: 20}
  F: {min: 1, max: 20}
total_seats: 100
families: [weighted, {type: veto, max_size: 3, members: [A, B, C, D, E, F]}]
"""
    problem = parse_demands(text)
    est = estimate_settlement(problem)
    assert est.rules > 10**8 and est.seconds > 120
    with pytest.raises(ResourceLimitError, match="give --max-seconds"):
        settle(problem)
    r = settle(problem, max_seconds=0.5)
    assert not r.complete and r.evaluated < r.family_size
    assert f"stopped after {r.evaluated:,} of {r.family_size:,} rules" in r.statement()
    assert "the ranking covers only those" in r.statement()
    assert r.to_dict()["complete"] is False and r.to_dict()["total"] == r.family_size


def test_settle_json_results_shape() -> None:
    r = settle(_problem([Demand("veto", "A")]), top=2).to_dict()
    assert {"results", "evaluated", "total", "complete"} <= set(r)
    first = r["results"][0]
    assert {"seats", "rule", "descriptions", "shares", "decisiveness", "vetoes", "blocking"} <= set(
        first
    )
    assert first["vetoes"] == ["A"] and first["seats"] == {"A": 40, "B": 30, "C": 20, "D": 10}


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        (
            "members: {A: 1}\ndemands:\n  - {party: A, veto: true}\n  - {party: A, vto: 1}\n",
            "line 4",
        ),
        ("members: {A: 1}\ndemands:\n  - {party: Z, veto: true}\n", r"line 3\): unknown member"),
        ("members: {A: 1}\ndemands: [{party: A\n", "line 3"),
        ("members: {A: 1, B: 1}\ndemands:\n  - {party: A, cannot_block_with: []}\n", "veto: false"),
    ],
)
def test_settle_demands_errors_have_lines(text: str, fragment: str) -> None:
    with pytest.raises(ParseError, match=fragment):
        parse_demands(text)


def test_settle_veto_false_parses() -> None:
    p = parse_demands("members: {A: 2, B: 1}\ndemands: [{party: A, veto: false}]")
    assert p.demands[0].kind == "no_veto" and p.demands[0].describe() == "A: no veto"
    assert list(itertools.chain(p.names)) == ["A", "B"]
