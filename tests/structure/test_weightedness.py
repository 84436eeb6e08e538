"""Weightedness: integer weights verified by counting, or a trading transform."""

from __future__ import annotations

import itertools
import random

import numpy as np
import pytest

from powershare.games.compound import AllOf, AtLeast, MinimalWinning, Veto
from powershare.games.weighted import WeightedGame
from powershare.power import brute
from powershare.structure.weightedness import weightedness, weights_represent


def test_weightedness_recovers_weighted_games() -> None:
    rng = random.Random(3)
    for _ in range(40):
        n = rng.randint(2, 6)
        w = [rng.randint(1, 9) for _ in range(n)]
        q = rng.randint(sum(w) // 2 + 1, sum(w))
        game = WeightedGame(q, w)
        r = weightedness(game)
        assert r.weighted and r.weights is not None and r.quota is not None
        win = np.asarray(brute.winning_table(game), dtype=bool)
        assert weights_represent(win, n, r.weights, r.quota)
        assert sum(r.weights) <= sum(w)  # least total weight


def test_weightedness_a_and_b_or_c_and_d_is_not_weighted() -> None:
    game = MinimalWinning([("A", "B"), ("C", "D")], ["A", "B", "C", "D"])
    r = weightedness(game)
    assert not r.weighted and r.trade is not None
    x, y, x2, y2 = r.trade
    win = brute.winning_table(game)

    def mask(c: tuple[int, ...]) -> int:
        return sum(1 << i for i in c)

    assert win[mask(x)] and win[mask(y)] and not win[mask(x2)] and not win[mask(y2)]
    assert sorted(x + y) == sorted(x2 + y2)
    assert "not a weighted vote" in r.describe(game.names)


def test_weightedness_compound_rules_weighted_in_disguise() -> None:
    names = ["A", "B", "C", "D", "E"]
    seats = WeightedGame(67, [30, 25, 20, 15, 10], names)
    four = AtLeast(4, names)
    r = weightedness(AllOf([seats, four]))
    assert r.weighted  # 2/3 of seats plus 4 of 5 communities is a weighted vote
    veto = weightedness(
        AllOf([WeightedGame(51, [40, 30, 20, 10], names[:4]), Veto(["D"], names[:4])])
    )
    assert veto.weighted


def test_weightedness_against_brute_force_small() -> None:
    # every monotone game on 3 members is weighted; on 4, exactly the known non-weighted ones
    # fail: check LP answers by trying all small weight vectors
    n = 4
    masks = range(1 << n)
    small = [(w, q) for w in itertools.product(range(4), repeat=n) for q in range(1, sum(w) + 1)]
    tables = {
        tuple(bool(sum(w[i] for i in range(n) if m >> i & 1) >= q) for m in masks) for w, q in small
    }
    rng = random.Random(5)
    for _ in range(30):
        k = rng.randint(1, 3)
        coalitions = [tuple(i for i in range(n) if rng.random() < 0.5) or (0,) for _ in range(k)]
        game = MinimalWinning(coalitions, ["A", "B", "C", "D"])
        table = tuple(bool(x) for x in brute.winning_table(game))
        assert weightedness(game).weighted == (table in tables)


def test_weightedness_rejects_bad_tables() -> None:
    with pytest.raises(ValueError, match="2\\^n entries"):
        weightedness([True, False, True])


def test_large_rule_with_one_minimal_winning_coalition_is_weighted() -> None:
    """Past the enumeration limit, "M0 must approve" among 30 members: one minimal winning
    coalition whose members are all vetoes is exactly the weighted vote [1; 1, 0, ..., 0]
    (a fuzzed input once raised numpy's "larger sample than population" here)."""
    from powershare.games.compound import AllOf, Veto
    from powershare.games.weighted import WeightedGame
    from powershare.structure.weightedness import weightedness

    names = [f"M{i}" for i in range(30)]
    rule = AllOf([WeightedGame(1, [1] * 30, names), Veto(["M0"], names)])
    found = weightedness(rule)
    assert found.weighted and found.quota == 1
    assert found.weights == (1,) + (0,) * 29


def test_large_rule_past_62_members_is_decided_without_int64_masks() -> None:
    """537-member US lawmaking: the trading transform is searched with Python sets (bitmasks of
    more than 62 members do not fit int64)."""
    from powershare.datasets import load
    from powershare.structure.weightedness import weightedness

    found = weightedness(load("us-federal-lawmaking").game)
    assert not found.weighted and found.trade is not None
