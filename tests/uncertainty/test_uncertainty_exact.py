"""Exact enumeration against brute force, and draws against the exact answer."""

from __future__ import annotations

import itertools
from fractions import Fraction

import pytest

from powershare.games.weighted import WeightedGame
from powershare.power import power
from powershare.structure import dummies, is_proper, veto_players
from powershare.uncertainty import analyse_uncertain, scenario_from_mapping

SPACE = {
    "name": "toy",
    "members": [
        {"name": "A", "seats": [2, 7]},
        {"name": "B", "seats": {"values": [3, 5], "probs": ["1/4", "3/4"]}},
        {"name": "C", "seats": [1, 3]},
        {"name": "D", "seats": 2},
    ],
    "rule": {"quota": "60%"},
    "index": ["banzhaf", "shapley"],
    "allies": {"B+C": ["B", "C"]},
    "demands": [{"party": "A", "veto": True}, {"party": "B", "min_share": "30%"}],
}


def brute_force() -> dict[str, Fraction]:
    """Every combination by hand, with the library's structure and power functions."""
    out: dict[str, Fraction] = {}
    acc = {
        "veto_A": Fraction(0),
        "dummy_D": Fraction(0),
        "improper": Fraction(0),
        "block_BC": Fraction(0),
        "mean_A": Fraction(0),
        "mean_ss_C": Fraction(0),
        "demand_B": Fraction(0),
    }
    for a, (b, pb), c in itertools.product(
        range(2, 8), [(3, Fraction(1, 4)), (5, Fraction(3, 4))], range(1, 4)
    ):
        p = Fraction(1, 6) * pb * Fraction(1, 3)
        game = WeightedGame.from_values([a, b, c, 2], "60%", ["A", "B", "C", "D"])
        bz = power(game, "banzhaf").exact
        ss = power(game, "shapley").exact
        acc["veto_A"] += p * (0 in veto_players(game))
        acc["dummy_D"] += p * (3 in dummies(game))
        acc["improper"] += p * (not is_proper(game))
        acc["block_BC"] += p * (game.total_weight - b - c < game.quota)
        acc["mean_A"] += p * bz[0]
        acc["mean_ss_C"] += p * ss[2]
        acc["demand_B"] += p * (bz[1] >= Fraction(3, 10))
    out.update(acc)
    return out


def test_exact_enumeration_matches_brute_force() -> None:
    s = scenario_from_mapping(SPACE)
    assert s.space_size() == 36
    r = analyse_uncertain(s)
    want = brute_force()
    assert r.exact and r.draws == 36
    a, c, d = r.members[0], r.members[2], r.members[3]
    assert a.p_veto.value == want["veto_A"]
    assert d.p_dummy.value == want["dummy_D"]
    assert r.p_improper.value == want["improper"]
    assert r.allies[0][1].value == want["block_BC"]
    assert a.power["banzhaf"].exact_mean == want["mean_A"]
    assert c.power["shapley"].exact_mean == want["mean_ss_C"]
    assert r.demands[0][1].value == want["veto_A"]
    assert r.demands[1][1].value == want["demand_B"]
    assert r.to_dict()["exact"] is True


def test_draws_agree_with_exact_within_intervals() -> None:
    s = scenario_from_mapping(SPACE)
    exact = analyse_uncertain(s)
    drawn = analyse_uncertain(s, exact=False, draws=4000, seed=11, level=0.99)
    assert not drawn.exact and drawn.draws == 4000
    for e, m in zip(exact.members, drawn.members, strict=True):
        for pe, pm in ((e.p_veto, m.p_veto), (e.p_dummy, m.p_dummy)):
            assert pm.low <= float(pe.value) <= pm.high
        assert m.power["banzhaf"].mean == pytest.approx(e.power["banzhaf"].mean, abs=0.01)
    assert drawn.p_improper.low <= float(exact.p_improper.value) <= drawn.p_improper.high


def test_same_seed_same_result_and_different_seed_differs() -> None:
    s = scenario_from_mapping(SPACE)
    one = analyse_uncertain(s, exact=False, draws=700, seed=5).to_dict()
    two = analyse_uncertain(s, exact=False, draws=700, seed=5).to_dict()
    other = analyse_uncertain(s, exact=False, draws=700, seed=6).to_dict()
    assert one == two
    assert one["members"] != other["members"]


def test_exact_true_refuses_continuous_inputs() -> None:
    s = scenario_from_mapping(
        {
            "members": [
                {"name": "A", "seats": {"triangular": [1, 2, 5]}},
                {"name": "B", "seats": 3},
            ],
            "rule": {"quota": "majority"},
        }
    )
    assert s.space_size() is None
    with pytest.raises(ValueError, match="not finite"):
        analyse_uncertain(s, exact=True)
