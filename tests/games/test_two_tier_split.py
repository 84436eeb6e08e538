"""``TwoTier(split=True)``: the upper quota is applied to the split votes exactly, never rounded
to whole upper votes first (a unit of 4 members with 2 votes and a quota of 2/3: three yes
votes carry 1.5 of 2 votes, at least 4/3, so the decision passes)."""

from __future__ import annotations

import random
from fractions import Fraction
from itertools import product

import pytest

from powershare.errors import InvalidQuotaError
from powershare.games.compound import TwoTier
from powershare.games.quota import parse_quota
from powershare.games.rule_schema import parse_rule_text
from powershare.games.weighted import WeightedGame
from powershare.structure import veto_players

QUOTAS = ["2/3", "50%", "majority", "60%", "3/4", "0.55", "1/3", "100%", "50%+1", "1.5", "2"]


def _expected(units: list[list[int]], upper_w: list[int], quota: str, yes: set[int]) -> bool:
    """Brute force: each unit's upper votes times its share of yes weight, against the quota."""
    carried = Fraction(0)
    k = 0
    for weights, up in zip(units, upper_w, strict=True):
        total = sum(weights)
        yes_w = sum(w for i, w in enumerate(weights) if k + i in yes)
        carried += Fraction(up * yes_w, total)
        k += len(weights)
    total_up = sum(upper_w)
    spec = parse_quota(quota)
    if spec.strict_half:
        return carried > Fraction(total_up, 2)
    need = spec.absolute + (spec.share * total_up if spec.share is not None else 0)
    return carried >= need


def _game(units: list[list[int]], upper_w: list[int], quota: str) -> TwoTier:
    pairs = []
    k = 0
    for j, weights in enumerate(units):
        names = [f"m{k + i}" for i in range(len(weights))]
        k += len(weights)
        pairs.append((f"U{j}", WeightedGame.from_values(weights, "majority", names)))
    upper = WeightedGame.from_values(upper_w, quota, [f"U{j}" for j in range(len(units))])
    return TwoTier(pairs, upper, split=True)


def test_split_quota_is_not_rounded_first() -> None:
    game = _game([[1, 1, 1, 1]], [2], "2/3")
    assert game.is_winning([0, 1, 2])  # 1.5 of 2 votes >= 4/3
    assert not game.is_winning([0, 1])  # 1 of 2 votes < 4/3
    assert veto_players(game) == ()


def test_split_quota_from_a_scenario_file() -> None:
    text = """
members:
  - {name: a1, w: 1, unit: U}
  - {name: a2, w: 1, unit: U}
  - {name: a3, w: 1, unit: U}
  - {name: a4, w: 1, unit: U}
rule:
  type: two_tier
  group_by: unit
  unit_rule: {type: weighted, weight: w, quota: majority}
  units: [{name: U, votes: 2}]
  upper: {type: weighted, weight: votes, quota: "2/3"}
  split: true
"""
    game, _ = parse_rule_text(text, source="split.yaml")
    assert game.is_winning(["a1", "a2", "a3"]) and not game.is_winning(["a1", "a2"])
    assert veto_players(game) == ()


@pytest.mark.parametrize("seed", range(8))
def test_split_agrees_with_brute_force(seed: int) -> None:
    rng = random.Random(seed)
    for _ in range(40):
        units = []
        for _ in range(rng.randint(1, 3)):
            weights = [rng.randint(0, 3) for _ in range(rng.randint(1, 3))]
            weights[rng.randrange(len(weights))] += 1  # at least one positive weight
            units.append(weights)
        upper_w = [rng.randint(1, 5) for _ in units]
        quota = rng.choice(QUOTAS)
        try:
            game = _game(units, upper_w, quota)
        except InvalidQuotaError:  # e.g. "50%+1" of a total of 1: nobody could win
            continue
        for bits in product([False, True], repeat=game.n):
            yes = {i for i, b in enumerate(bits) if b}
            assert game.is_winning(sorted(yes)) == _expected(units, upper_w, quota, yes), (
                units,
                upper_w,
                quota,
                yes,
            )
