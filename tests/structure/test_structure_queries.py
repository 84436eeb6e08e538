"""Structure queries: weighted shortcuts against enumeration, and known games."""

import itertools

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from powershare.errors import MethodNotApplicableError
from powershare.games.base import SimpleGame
from powershare.games.weighted import WeightedGame
from powershare.structure import (
    analyse,
    count_minimal_blocking,
    count_minimal_winning,
    desirability,
    dictator,
    dummies,
    is_decisive,
    is_homogeneous,
    is_proper,
    is_strong,
    minimal_blocking_coalitions,
    minimal_winning_coalitions,
    veto_players,
)

games = st.lists(st.integers(0, 9), min_size=1, max_size=7).filter(lambda w: sum(w) > 0)


def brute_minimal(n: int, wins) -> set[tuple[int, ...]]:  # type: ignore[no-untyped-def]
    out = set()
    for r in range(n + 1):
        for c in itertools.combinations(range(n), r):
            if wins(set(c)) and all(not wins(set(c) - {i}) for i in c):
                out.add(c)
    return out


@settings(max_examples=120, deadline=None)
@given(games, st.data())
def test_weighted_shortcuts_agree_with_enumeration(opaque, weights, data) -> None:
    q = data.draw(st.integers(1, sum(weights)))
    game = WeightedGame(q, weights)
    opaque_game = opaque(game)
    n = game.n
    total = sum(weights)

    def wins(c: set[int]) -> bool:
        return sum(weights[i] for i in c) >= q

    def blocks(c: set[int]) -> bool:
        return not wins(set(range(n)) - c)

    mwc = brute_minimal(n, wins)
    mbc = brute_minimal(n, blocks)
    for g in (game, opaque_game):
        assert set(minimal_winning_coalitions(g)) == mwc
        assert set(minimal_blocking_coalitions(g)) == mbc
        assert count_minimal_winning(g) == len(mwc)
        assert count_minimal_blocking(g) == len(mbc)
        assert veto_players(g) == tuple(i for i in range(n) if total - weights[i] < q)
        assert set(dummies(g)) == {i for i in range(n) if all(i not in c for c in mwc)}
        assert is_proper(g) == all(
            not (wins(set(c)) and wins(set(range(n)) - set(c)))
            for r in range(n + 1)
            for c in itertools.combinations(range(n), r)
        )
        assert is_strong(g) == all(
            wins(set(c)) or wins(set(range(n)) - set(c))
            for r in range(n + 1)
            for c in itertools.combinations(range(n), r)
        )
        assert dictator(g) == next((i for i in range(n) if mwc == {(i,)}), None)
    assert desirability(game).classes == desirability(opaque_game).classes
    assert desirability(opaque_game).complete  # weighted games are complete (swap robust)
    assert len(list(minimal_winning_coalitions(game, limit=2))) == min(2, len(mwc))
    homogeneous = all(sum(weights[i] for i in c) == q for c in mwc)
    assert is_homogeneous(game) == homogeneous


def test_eec_1958_structure() -> None:
    game = WeightedGame(12, [4, 4, 4, 2, 2, 1], ["FR", "DE", "IT", "BE", "NL", "LU"])
    s = analyse(game)
    assert s.minimal_winning_count == 4
    assert s.named(s.dummies) == ["LU"]
    assert [s.named(c) for c in s.desirability.classes] == [
        ["FR", "DE", "IT"],
        ["BE", "NL"],
        ["LU"],
    ]
    assert s.proper and not s.strong and not s.decisive


def test_un_security_council_vetoes() -> None:
    # 5 permanent members with veto, 10 others; 9 votes including all 5 permanent
    game = WeightedGame(39, [7] * 5 + [1] * 10)
    assert veto_players(game) == (0, 1, 2, 3, 4)
    assert count_minimal_winning(game) == 210  # C(10, 4) minimal winning coalitions
    assert dictator(game) is None


def test_dictator_and_decisive() -> None:
    game = WeightedGame(5, [5, 1, 1, 1])
    assert dictator(game) == 0 and set(dummies(game)) == {1, 2, 3}
    assert is_decisive(game)


def test_incomplete_desirability_is_detected() -> None:
    class TwoPairs(SimpleGame):
        """Wins with {A, B} or {C, D}: the classic game that is not complete (so not weighted):
        A and C are incomparable (Taylor & Zwicker 1999, Simple Games, ch. 3)."""

        names = ("A", "B", "C", "D")

        def is_winning(self, coalition):  # type: ignore[no-untyped-def]
            c = self._coalition_indices(coalition)
            return {0, 1} <= c or {2, 3} <= c

        def winning_masks(self, masks):  # type: ignore[no-untyped-def]
            return ((masks & 3) == 3) | ((masks & 12) == 12)

        def describe(self) -> str:
            return "A and B, or C and D"

    d = desirability(TwoPairs())
    assert not d.complete
    assert d.classes == ((0, 1), (2, 3))
    with pytest.raises(MethodNotApplicableError, match="weighted games only"):
        is_homogeneous(TwoPairs())


def test_large_weighted_structure_counts_without_listing() -> None:
    game = WeightedGame(101, [1] * 200)
    assert count_minimal_winning(game) == __import__("math").comb(200, 101)
    assert len(list(minimal_winning_coalitions(game, limit=5))) == 5
