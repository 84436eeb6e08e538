"""Known properties of the indices and the bloc values; API behaviour around blocs."""

from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from powershare.errors import InvalidInputError, UnknownNameError
from powershare.games.weighted import WeightedGame
from powershare.power import INDICES, Blocs, bloc_game, power, power_table

NORMALISED = [
    k for k, s in INDICES.items() if s.normalised and not s.needs_blocs and not s.needs_graph
]
games = st.lists(st.integers(0, 12), min_size=1, max_size=8).filter(lambda w: sum(w) > 0)


def test_pgi_is_not_monotonic_in_weight() -> None:
    # Holler (1982): the member of weight 20 has less power than those of weight 15
    result = power(WeightedGame(51, [35, 20, 15, 15, 15]), "holler")
    assert result.exact is not None
    assert result.exact[1] < result.exact[2]


@settings(max_examples=80, deadline=None)
@given(games, st.data())
def test_normalised_indices_sum_to_one_and_dummies_get_zero(weights, data) -> None:
    q = data.draw(st.integers(1, sum(weights)))
    game = WeightedGame(q, weights)
    table = power_table(game, [*NORMALISED, "holler_absolute", "coleman_prevent"])
    swings = power(game, "coleman_prevent").counts
    assert swings is not None
    dummies = [i for i, s in enumerate(swings) if s == 0]
    for key in NORMALISED:
        exact = table.results[key].exact
        assert exact is not None and sum(exact) == 1, key
    for key, res in table.results.items():
        assert res.exact is not None
        if INDICES[key].null_player:
            for i in dummies:
                assert res.exact[i] == 0, (key, i)
        else:  # indices counting the winning coalitions a member is in: a dummy shares in them
            assert all(res.exact[i] > 0 for i in dummies) or not dummies, key


@settings(max_examples=60, deadline=None)
@given(games, st.data())
def test_owen_with_singleton_or_grand_bloc_is_shapley(weights, data) -> None:
    q = data.draw(st.integers(1, sum(weights)))
    game = WeightedGame(q, weights)
    shapley = power(game, "shapley", method="enumeration").exact
    singletons = power(game, "owen", blocs=[[i] for i in range(game.n)]).exact
    grand = power(game, "owen", blocs=[list(range(game.n))]).exact
    assert singletons == shapley
    assert grand == shapley
    banzhaf_owen = power(game, "banzhaf_owen", blocs=[[i] for i in range(game.n)]).exact
    assert banzhaf_owen == power(game, "banzhaf_absolute", method="enumeration").exact


@settings(max_examples=60, deadline=None)
@given(games, st.data())
def test_owen_is_efficient_and_blocs_get_their_quotient_shapley(weights, data) -> None:
    n = len(weights)
    q = data.draw(st.integers(1, sum(weights)))
    labels = data.draw(st.lists(st.integers(0, 2), min_size=n, max_size=n))
    game = WeightedGame(q, weights)
    groups = [[i for i in range(n) if labels[i] == b] for b in range(3)]
    blocs = Blocs.from_spec(game, [g for g in groups if g])
    owen = power(game, "owen", blocs=blocs).exact
    assert owen is not None and sum(owen) == 1
    quotient = power(bloc_game(game, blocs), "shapley", method="enumeration").exact
    assert quotient is not None
    for k, group in enumerate(blocs.groups):  # quotient game property (Owen 1977)
        assert sum(owen[i] for i in group) == quotient[k]


def test_rae_and_coleman_relations() -> None:
    game = WeightedGame(12, [4, 4, 4, 2, 2, 1])
    rae = power(game, "rae").exact
    absolute = power(game, "banzhaf_absolute", method="enumeration").exact
    assert rae is not None and absolute is not None
    assert list(rae) == [(1 + b) / 2 for b in absolute]  # Dubey & Shapley (1979)
    prevent = power(game, "coleman_prevent")
    assert prevent.extra["coleman_collectivity"] == Fraction(14, 64)


def test_all_without_blocs_omits_bloc_values_with_a_note() -> None:
    table = power_table(WeightedGame(12, [4, 4, 4, 2, 2, 1]), "all")
    assert "owen" not in table.results and "banzhaf_owen" not in table.results
    assert any("owen" in note for note in table.notes)
    data = table.to_dict()
    for key in ("winning_coalitions", "minimal_winning_coalitions", "coleman_collectivity"):
        assert key in data
    assert data["notes"]


def test_all_with_blocs_includes_bloc_values() -> None:
    game = WeightedGame(12, [4, 4, 4, 2, 2, 1], ["FR", "DE", "IT", "BE", "NL", "LU"])
    data = power_table(game, "all", blocs="Benelux: BE+NL+LU").to_dict()
    member = data["members"][3]
    for key in (
        "holler",
        "deegan_packel",
        "johnston",
        "coleman_prevent",
        "coleman_initiate",
        "rae",
        "owen",
        "banzhaf_owen",
    ):
        assert key in member
    assert data["blocs"][0] == {"name": "FR", "members": ["FR"]}
    assert {"name": "Benelux", "members": ["BE", "NL", "LU"]} in data["blocs"]


def test_bloc_index_without_blocs_is_a_clear_error() -> None:
    with pytest.raises(InvalidInputError, match="needs blocs"):
        power(WeightedGame(2, [1, 1, 1]), "owen")


@pytest.mark.parametrize(
    ("spec", "message"),
    [
        ("A+Z", "unknown member 'Z'"),
        ("A+B, B+C", "in two blocs"),
        ("A+", "malformed"),
        ({"X": "A"}, "must list its members"),
        ([[7]], "out of range"),
        (3.5, "not understood"),
        ("X: A, X: B", "used twice"),
    ],
)
def test_bad_blocs_name_the_bad_value(spec, message) -> None:
    game = WeightedGame(2, [1, 1, 1], ["A", "B", "C"])
    with pytest.raises(InvalidInputError, match=message):
        Blocs.from_spec(game, spec)


def test_index_aliases_and_unknown_names() -> None:
    game = WeightedGame(2, [1, 1, 1])
    assert power(game, "pgi").index == "holler"
    assert power(game, "DP").index == "deegan_packel"
    with pytest.raises(UnknownNameError, match="known indices"):
        power(game, "nonsense")


def test_large_weighted_game_is_fast_and_exact() -> None:
    import random
    import time

    rng = random.Random(3)
    weights = [rng.randint(1, 30) for _ in range(80)]
    game = WeightedGame(sum(weights) // 2 + 1, weights)
    start = time.perf_counter()
    table = power_table(game, "holler,deegan_packel,johnston,rae")
    assert time.perf_counter() - start < 30
    for key in ("holler", "deegan_packel", "johnston"):
        assert sum(table.results[key].exact or ()) == 1
    assert table.results["holler"].method == "coalition-dp"
