"""The core, least core and nucleolus of the prize game (Schmeidler 1969; Maschler, Peleg &
Shapley 1979): known values and properties."""

from __future__ import annotations

import random
from fractions import Fraction

from typer.testing import CliRunner

from powershare.cli.app import app
from powershare.games.compound import MinimalWinning
from powershare.games.weighted import WeightedGame
from powershare.structure import minimal_winning_coalitions
from powershare.structure.solutions import solutions
from powershare.structure.weightedness import weightedness


def test_symmetric_majority() -> None:
    s = solutions(WeightedGame(2, [1, 1, 1]))
    assert s.nucleolus == (Fraction(1, 3),) * 3
    assert s.least_core_value == Fraction(1, 3)
    assert s.core_empty and s.verified


def test_veto_player_core() -> None:
    s = solutions(WeightedGame(39, [7] * 5 + [1] * 10))
    assert not s.core_empty and s.veto == (0, 1, 2, 3, 4)
    assert s.nucleolus == (Fraction(1, 5),) * 5 + (Fraction(0),) * 10
    assert s.least_core_value == 0


def test_apex_game() -> None:
    """The apex game [4; 3, 1, 1, 1, 1]: the apex with any one minor member, or all four
    minor members.  Equal excess of the two kinds of minimal winning coalition, a + b = 4b with
    a + 4b = 1, gives the nucleolus (3/7, 1/7, 1/7, 1/7, 1/7), the normalised weights of the
    homogeneous representation (Peleg 1968)."""
    s = solutions(WeightedGame(4, [3, 1, 1, 1, 1]))
    assert s.nucleolus == (Fraction(3, 7),) + (Fraction(1, 7),) * 4
    assert s.least_core_value == Fraction(3, 7)


def test_dummy_gets_nothing_and_in_least_core() -> None:
    rng = random.Random(5)
    for _ in range(12):
        weights = [rng.randint(1, 9) for _ in range(rng.randint(2, 6))] + [0]
        game = WeightedGame(rng.randint(max(1, sum(weights) // 2), sum(weights)), weights)
        s = solutions(game)
        assert s.verified
        assert s.nucleolus[-1] == 0
        assert sum(s.nucleolus) == 1
        assert s.least_core_ranges is not None
        for v, (lo, hi) in zip(s.nucleolus, s.least_core_ranges, strict=True):
            assert lo <= v <= hi
        # the same game written by its minimal winning coalitions goes through the table path
        names = list(game.names)
        mwc = [[names[i] for i in c] for c in minimal_winning_coalitions(game)]
        other = solutions(MinimalWinning(mwc, names), ranges=False)
        assert other.nucleolus == s.nucleolus, weights
        assert other.least_core_value == s.least_core_value


def test_weightedness_known_games() -> None:
    unsc = weightedness(WeightedGame(39, [7] * 5 + [1] * 10))
    assert unsc.weighted and unsc.weights == (7,) * 5 + (1,) * 10 and unsc.quota == 39
    two_pairs = weightedness(MinimalWinning([["A", "B"], ["C", "D"]], ["A", "B", "C", "D"]))
    assert not two_pairs.weighted
    assert two_pairs.complete is False and two_pairs.swap_robust is False


def test_cli_solutions_and_structure_json() -> None:
    import json

    runner = CliRunner()
    out = runner.invoke(app, ["solutions", "[2; 1, 1, 1]", "--json"])
    assert out.exit_code == 0, out.output
    data = json.loads(out.output)
    assert data["nucleolus"]["P1"]["exact"] == "1/3"
    out = runner.invoke(app, ["structure", "[39; 7,7,7,7,7,1,1,1,1,1,1,1,1,1,1]", "--json"])
    assert out.exit_code == 0, out.output
    data = json.loads(out.output)
    assert data["weighted"] is True
    assert data["representation"]["quota"] == 39
    assert data["nucleolus"]["P1"]["exact"] == "1/5"
    assert data["least_core"]["excess"]["exact"] == "0"
