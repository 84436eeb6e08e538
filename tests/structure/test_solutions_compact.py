"""The compact least-core programme (structure/least_core_dp.py) and the time limit of
``solutions``: the weighted path (types, compact programme, pinned ranges) against the table
path that scans every coalition, on random small games; big games within their limit."""

from __future__ import annotations

import json
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from powershare.cli.app import app
from powershare.datasets import body_from_spec
from powershare.errors import MethodNotApplicableError, ResourceLimitError
from powershare.games.compound import MinimalWinning
from powershare.games.weighted import WeightedGame
from powershare.structure import minimal_winning_coalitions
from powershare.structure.exact_lp import exact_rank, simplest_near
from powershare.structure.least_core_dp import compact_edges, least_core_lp
from powershare.structure.solutions import solutions


@st.composite
def weighted_games(draw: st.DrawFn) -> WeightedGame:
    weights = draw(st.lists(st.integers(0, 9), min_size=2, max_size=7))
    weights[0] = max(weights[0], 1)
    total = sum(weights)
    quota = draw(st.integers(max(1, total // 2), total))
    return WeightedGame(quota, weights)


@settings(max_examples=40, deadline=None)
@given(weighted_games())
def test_weighted_path_matches_the_table_path(game: WeightedGame) -> None:
    """Nucleolus, least-core value and every member's least-core range agree with the path
    that treats the same rule as a list of minimal winning coalitions (no types, no compact
    programme, constraint generation over all coalitions)."""
    names = list(game.names)
    mwc = [[names[i] for i in c] for c in minimal_winning_coalitions(game)]
    try:
        fast = solutions(game)
    except MethodNotApplicableError:  # two members win alone: no division at all
        with pytest.raises(MethodNotApplicableError):
            solutions(MinimalWinning(mwc, names))
        return
    slow = solutions(MinimalWinning(mwc, names))
    assert fast.verified and slow.verified, repr(game)
    assert fast.nucleolus == slow.nucleolus
    assert fast.least_core_value == slow.least_core_value
    assert fast.least_core_ranges == slow.least_core_ranges


def test_compact_programme_gives_the_least_core_value() -> None:
    # three equal members, two of three win: eps* = 1/3, each gets 1/3
    sol = least_core_lp((3,), (1,), 2, (0.0,))
    assert sol.value == pytest.approx(1 / 3) and sol.shares == pytest.approx((1 / 3,))
    assert compact_edges((3,), (1,), 2) >= 4


def test_electoral_college_nucleolus_is_exact_and_proportional() -> None:
    """The US Electoral College (538 votes, 270 to win): the nucleolus gives each state its
    share of the votes, the least core is that single point (every range pinned), verified
    exactly; within a time limit of one minute (it takes a few seconds here)."""
    game = body_from_spec("us-electoral-college-2024", None).game
    assert isinstance(game, WeightedGame)
    s = solutions(game, max_seconds=60)
    assert s.verified
    assert s.least_core_value == Fraction(134, 269)  # 1 - 270/538
    assert s.nucleolus == tuple(Fraction(w, 538) for w in game.weights)
    assert s.least_core_ranges == tuple((v, v) for v in s.nucleolus)


def test_time_limit_stops_with_how_far_it_got() -> None:
    game = body_from_spec("us-electoral-college-2024", None).game
    with pytest.raises(ResourceLimitError, match=r"stopped at the time limit of 0\.001 s"):
        solutions(game, max_seconds=0.001)
    with pytest.raises(ValueError, match="max_seconds nan"):
        solutions(game, max_seconds=float("nan"))


def test_cli_solutions_limit_csv_and_stdin() -> None:
    runner = CliRunner()
    out = runner.invoke(app, ["solutions", "us-electoral-college-2024", "--max-seconds", "0.001"])
    assert out.exit_code == 3 and "time limit" in out.output
    out = runner.invoke(app, ["solutions", "[2; 1, 1, 1]", "--max-seconds", "nan"])
    assert out.exit_code == 2 and "--max-seconds nan" in out.output
    out = runner.invoke(app, ["solutions", "[2; 1, 1, 1]", "--csv"])
    assert out.exit_code == 0, out.output
    assert out.output.splitlines()[1].startswith("P1,1/3,")
    out = runner.invoke(app, ["solutions", "-", "--json"], input="[2; 1, 1, 1]")
    assert out.exit_code == 0, out.output
    assert json.loads(out.output)["nucleolus"]["P1"]["exact"] == "1/3"


@given(st.integers(-5000, 5000), st.integers(1, 2000))
def test_simplest_near_reads_back_small_fractions(p: int, q: int) -> None:
    assert simplest_near(p / q) == Fraction(p, q)


def test_exact_rank() -> None:
    assert exact_rank([[1, 1, 0], [0, 1, 1], [1, 2, 1]], 3) == 2
    assert exact_rank([[2, 0], [0, 3]], 2) == 2
