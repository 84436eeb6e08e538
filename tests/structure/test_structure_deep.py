"""Thousands of members deep: the searches of minimal winning and smallest blocking coalitions
run without recursion (fuzz findings structure-recursion-2000-members and
power-decisiveness-recursion: RecursionError for 1,200-2,000 members)."""

import itertools
import math

from hypothesis import assume, given, settings
from hypothesis import strategies as st

from powershare.games.weighted import WeightedGame
from powershare.structure.core import count_minimal_winning, minimal_winning_coalitions
from powershare.structure.decisiveness import decisiveness


def test_minimal_winning_2000_members_listed_without_recursion() -> None:
    game = WeightedGame(1000, [1] * 2000)
    first = list(minimal_winning_coalitions(game, limit=3))
    assert first[0] == tuple(range(1000))
    assert all(len(c) == 1000 for c in first)
    assert count_minimal_winning(game) == math.comb(2000, 1000)


def test_minimal_winning_matches_brute_force() -> None:
    game = WeightedGame(7, [4, 3, 3, 2, 1, 0])
    n = game.n
    winning = {
        c
        for k in range(n + 1)
        for c in itertools.combinations(range(n), k)
        if sum(game.weights[i] for i in c) >= game.quota
    }
    minimal = {c for c in winning if not any(set(d) < set(c) for d in winning)}
    assert set(minimal_winning_coalitions(game)) == minimal


def test_decisiveness_1200_members() -> None:
    d = decisiveness(WeightedGame(3, [1] * 1200))
    assert d.blocking_size == 1198
    assert len(d.smallest_blocking) == 10
    assert d.smallest_blocking_count is None  # more than the count cap


@settings(max_examples=150, deadline=None)
@given(st.lists(st.integers(0, 12), min_size=2, max_size=8), st.data())
def test_weighted_desirability_classes_match_brute_force(weights: list[int], data) -> None:
    """The bitset test of interchangeable members (``_equivalent``) against the definition:
    i ~ j when adding i or j to any coalition of the others makes no difference."""
    from itertools import combinations

    from powershare.structure.core import desirability

    total = sum(weights)
    assume(total > 0)
    game = WeightedGame(data.draw(st.integers(1, total)), weights)
    n = game.n

    def same(i: int, j: int) -> bool:
        others = [k for k in range(n) if k not in (i, j)]
        for r in range(len(others) + 1):
            for s in combinations(others, r):
                if game.is_winning([*s, i]) != game.is_winning([*s, j]):
                    return False
        return True

    classes = desirability(game).classes
    for c in classes:
        assert all(same(c[0], j) for j in c[1:])
    for a, b in combinations(classes, 2):
        assert not same(a[0], b[0])
