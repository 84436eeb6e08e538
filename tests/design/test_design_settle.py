"""Settlement search: found, ranked, infeasible with the right conflicting subset."""

from __future__ import annotations

import itertools
import random
import time
from fractions import Fraction
from pathlib import Path

import pytest

from powershare.design import (
    Demand,
    Family,
    SettlementProblem,
    deletion_filter,
    load_demands,
    minimum_conflict,
    parse_demands,
    settle,
)
from powershare.errors import InvalidInputError, ParseError
from powershare.games.weighted import WeightedGame
from powershare.power import power
from powershare.structure import dummies, veto_players

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
NAMES = ("A", "B", "C", "D")
SEATS = ((40, 40), (30, 30), (20, 20), (10, 10))


def _problem(demands: list[Demand], **kw: object) -> SettlementProblem:
    return SettlementProblem(names=NAMES, seats=SEATS, demands=tuple(demands), **kw)  # type: ignore[arg-type]


# [40, 30, 20, 10] has five distinct games over quotas 51..100 (Banzhaf shares):
#  51-60 (.417 .25 .25 .083); 61-70 (.5 .3 .1 .1) A veto; 71-80 (.375 .375 .125 .125) A, B veto;
#  81-90 (1/3 1/3 1/3 0) A, B, C veto; 91-100 (.25 each) everyone a veto.
PLANTED = [
    Demand("veto", "A"),  # 0: fails 51-60 only
    Demand("max_share", "D", Fraction(1, 5)),  # 1: fails 91-100 only
    Demand("max_share", "B", Fraction(3, 10)),  # 2: fails 71-90
    Demand("min_share", "C", Fraction(1, 5)),  # 3: fails 61-80
    Demand("not_dummy", "A"),  # 4: never fails
    Demand("cap", None, Fraction(3, 5)),  # 5: never fails
]


def test_design_settle_infeasible_planted_conflict() -> None:
    result = settle(_problem(PLANTED))
    assert not result.found and result.complete
    assert result.family_size == 50 and result.evaluated == 50
    assert result.conflict == (0, 1, 2, 3)
    assert result.irreducible == (0, 1, 2, 3)
    assert "proven" in result.statement() and "50 rules" in result.statement()
    assert result.fail_counts[4] == 0 and result.fail_counts[5] == 0


def test_design_settle_small_conflict_among_many_demands() -> None:
    demands = [
        *PLANTED[4:],
        Demand("veto", "D"),  # needs quota 91+
        Demand("max_share", "A", Fraction(1, 2)),  # never fails
        Demand("max_share", "C", Fraction(1, 5)),  # fails 51-60, 81-100 -> conflicts with D veto
    ]
    result = settle(_problem(demands))
    assert not result.found
    assert [demands[i].describe() for i in result.conflict] == [
        "D: a veto",
        "C: at most 20% of banzhaf power",
    ]


def test_design_settle_found_and_ranked() -> None:
    demands = [Demand("veto", "A"), Demand("not_dummy", "D")]
    result = settle(_problem(demands), top=3)
    assert result.found and result.feasible_count == 30  # quotas 61..80 and 91..100
    assert result.feasible_games == 3  # one result per game: 61-70, 71-80, 91-100
    best, second, third = result.settlements
    # unanimity (equal power) and B's unasked veto come after the plain game, and say why
    assert best.parameters["quota"] == 61 and not best.warnings and best.score == 0.25
    assert second.parameters["quota"] == 91 and second.score == 0
    assert second.warnings == ("unanimity: every member has a veto",)
    assert third.warnings == ("vetoes nobody asked for: B",)
    assert best.writings == 10
    assert best.descriptions == ("at least 61 (or any of 61-70) of 100 seats",)
    game = WeightedGame(61, [40, 30, 20, 10], list(NAMES))
    assert 0 in veto_players(game) and 3 not in dummies(game)
    assert best.power == pytest.approx(power(game, "banzhaf").floats)
    assert best.vetoes == ("A",) and best.decisiveness == pytest.approx(5 / 16)


def test_design_settle_compound_families_match_the_library() -> None:
    problem = SettlementProblem(
        names=NAMES,
        seats=SEATS,
        demands=(
            Demand("block_with", "C", allies=("D",)),
            Demand("min_share", "D", Fraction(1, 10), index="shapley"),
        ),
        families=(
            Family("veto", vetoers=("C", "D")),
            Family("bloc_consent"),
            Family("two_tier", bloc_quotas=("majority", "2/3")),
        ),
        blocs=(("North", ("A", "C")), ("South", ("B", "D"))),
    )
    result = settle(problem, top=50)
    assert result.complete and result.found
    for s in result.settlements:
        assert len(s.power) == 4 and sum(s.power) == pytest.approx(1)
    # veto: 50 quotas x {C, D, CD}; bloc consent: 50 x (1 or 2 of 2 blocs); two tier: two bloc
    # quotas x (upper by seats, quotas 51..100, or one bloc one vote, quota 2 of 2)
    assert result.family_size == 150 + 100 + 2 * (50 + 1)
    assert all(all(s.satisfied) for s in result.settlements)


def test_design_minimum_conflict_against_brute_force() -> None:
    rng = random.Random(11)
    for _ in range(60):
        k = rng.randint(2, 7)
        full = (1 << k) - 1
        masks = [rng.randrange(full) for _ in range(rng.randint(1, 12))]  # no rule meets all
        iis = deletion_filter(k, masks)
        best, proven = minimum_conflict(k, masks, iis)
        assert proven

        def feasible(sub: tuple[int, ...], masks: list[int] = masks) -> bool:
            bits = sum(1 << j for j in sub)
            return any(m & bits == bits for m in masks)

        assert not feasible(iis) and all(
            feasible(tuple(j for j in iis if j != drop)) for drop in iis
        )
        smallest = next(
            len(c)
            for size in range(1, k + 1)
            for c in itertools.combinations(range(k), size)
            if not feasible(c)
        )
        assert len(best) == smallest and not feasible(best)


def test_design_settle_ten_parties_example_under_a_minute() -> None:
    problem = load_demands(EXAMPLES / "demands_ten_parties.yaml")
    assert problem.n == 10 and len(problem.demands) >= 50
    start = time.perf_counter()
    result = settle(problem)
    assert time.perf_counter() - start < 60
    assert result.complete and result.found


def test_design_settle_conflict_example() -> None:
    result = settle(load_demands(EXAMPLES / "demands_deadlock.yaml"))
    assert result.complete and not result.found
    assert len(result.conflict) >= 1


def test_design_settle_seat_ranges() -> None:
    problem = parse_demands(
        """
members: {A: {min: 30, max: 40}, B: {min: 30, max: 40}, C: 30}
total_seats: 100
demands:
  - {party: C, min_share: 40%}
"""
    )
    result = settle(problem)
    assert result.complete
    assert "seat allocations" in result.family_description
    assert result.family_size == sum(
        100 - (100 // 2 + 1) + 1 for a in range(30, 41) if 30 <= 70 - a <= 40
    )


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("members: {}", r"members \(line 1\): list at least one member"),
        ("members: {A: 1}\ndemands: [{party: Z, veto: true}]", "unknown member 'Z'"),
        ("members: {A: 1}\ndemands: [{party: A, veto: true, not_dummy: true}]", "states 2"),
        ("members: {A: 1}\ndemands: [{party: A, min_share: 140%}]", "from 0 to 100%"),
        ("members: {A: 1}\nfamilies: [cake]", "unknown rule family 'cake'"),
        ("members: {A: 1}\nfamilies: [two_tier]", "needs blocs"),
        ("members: {A: 1}\nsurprise: 1", r"surprise \(line 2\): Extra inputs are not permitted"),
        ("members: {A: {min: 1, max: 2}}", "give total_seats"),
        ("members: [", "not valid YAML"),
    ],
)
def test_design_demands_file_errors(text: str, fragment: str) -> None:
    with pytest.raises(ParseError, match=fragment):
        parse_demands(text)


def test_design_problem_errors() -> None:
    with pytest.raises(InvalidInputError, match="at least 1"):
        SettlementProblem(names=("A",), seats=((0, 0),), demands=())
    with pytest.raises(InvalidInputError, match="top 0"):
        settle(_problem([]), top=0)


def test_admitted_search_stops_at_three_times_its_estimate(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A search admitted on its estimate (no max_seconds) gets three times the estimate as its
    budget: when the estimate is wrong the answer stops and says how much it covered."""
    import dataclasses
    import importlib

    settle_module = importlib.import_module("powershare.design.settle")
    problem = load_demands(EXAMPLES / "demands_ten_parties.yaml")
    real = settle_module.estimate_settlement

    def tiny(p: SettlementProblem) -> object:
        est = real(p)
        return dataclasses.replace(est, seconds=1e-6)

    monkeypatch.setattr(settle_module, "estimate_settlement", tiny)
    result = settle(problem, refuse_above=1e-6)
    assert not result.complete and result.evaluated < result.family_size
