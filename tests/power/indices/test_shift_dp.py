"""``shift-dp``: shift-minimal winning coalitions of weighted games without enumeration.

Checked against the definition (Alonso-Meijide & Freixas 2010) through ``size-enumeration``
(:func:`powershare.power.sizes.shift_minimal_by_size`) and against a desirability relation
written here from Isbell's definition.
"""

from __future__ import annotations

import itertools
import random

import pytest

from powershare.games.weighted import WeightedGame
from powershare.power import power
from powershare.power.shift_dp import desirability_classes, shift_minimal_dp, shift_plan
from powershare.power.sizes import shift_minimal_by_size


def _random_games(seed: int, count: int) -> list[WeightedGame]:
    rng = random.Random(seed)
    games = []
    for _ in range(count):
        n = rng.randint(1, 10)
        top = rng.choice([3, 6, 12, 40])
        weights = [rng.randint(0, top) for _ in range(n)]
        weights[0] = max(weights[0], 1)
        games.append(WeightedGame(rng.randint(1, sum(weights)), weights))
    return games


@pytest.mark.parametrize("game", _random_games(20261126, 60), ids=lambda g: g.notation())
def test_matches_enumeration(game: WeightedGame) -> None:
    table, total = shift_minimal_by_size(game)
    assert shift_minimal_dp(game.weights, game.quota) == ([list(r) for r in table], total)


@pytest.mark.parametrize("quota", [7, 8, 22, 30, 45])
def test_large_classes_take_the_divide_and_conquer_path(quota: int) -> None:
    """Nine equivalent members: binomial coefficients above the modular headroom, so the
    products of the other segments are built by divide and conquer instead of division."""
    game = WeightedGame(quota, [3] * 9 + [4, 4, 5, 6, 9])
    table, total = shift_minimal_by_size(game)
    assert shift_minimal_dp(game.weights, game.quota) == ([list(r) for r in table], total)


def _at_least_as_desirable(game: WeightedGame, i: int, j: int) -> bool:
    others = [k for k in range(game.n) if k not in (i, j)]
    return all(
        game.is_winning([*s, i]) or not game.is_winning([*s, j])
        for r in range(len(others) + 1)
        for s in itertools.combinations(others, r)
    )


@pytest.mark.parametrize("game", _random_games(7, 25), ids=lambda g: g.notation())
def test_classes_are_isbell_equivalence(game: WeightedGame) -> None:
    classes = desirability_classes(game.weights, game.quota)
    assert sorted(i for c in classes for i in c) == list(range(game.n))
    where = {i: k for k, c in enumerate(classes) for i in c}
    for i in range(game.n):
        for j in range(game.n):
            equivalent = _at_least_as_desirable(game, i, j) and _at_least_as_desirable(game, j, i)
            assert equivalent == (where[i] == where[j]), (i, j)
            if where[i] > where[j]:  # listed from the least to the most desirable
                assert _at_least_as_desirable(game, i, j)


def test_classes_get_one_weight_each() -> None:
    plan = shift_plan((3, 2, 1), 4)  # [4; 3, 2, 1]: 2 and 1 are equivalent
    assert plan.classes == ((1, 2), (0,))
    assert plan.units == (3, 6) and plan.quota == 8  # weights 1.5, 1.5, 3 doubled


def test_indices_through_shift_dp_equal_enumeration() -> None:
    for game in _random_games(3, 12):
        for key in ("shift", "shift_deegan_packel"):
            dp = power(game, key, method="shift-dp")
            enum = power(game, key, method="size-enumeration")
            assert (dp.exact, dp.counts) == (enum.exact, enum.counts), game.notation()


def test_many_members_beyond_enumeration() -> None:
    """60 members: each coalition of size ``s`` is counted once per member, and the shift
    index adds up to 1."""
    rng = random.Random(60)
    weights = [rng.randint(1, 30) for _ in range(60)]
    game = WeightedGame(sum(weights) // 2 + 1, weights)
    table, total = shift_minimal_dp(game.weights, game.quota)
    by_size = [sum(row[s] for row in table) for s in range(game.n + 1)]
    assert all(c % s == 0 for s, c in enumerate(by_size) if s)
    assert sum(c // s for s, c in enumerate(by_size) if s) == total > 0
    result = power(game, "shift")
    assert result.method == "shift-dp" and sum(result.exact) == 1
