"""Axioms and agreement between methods on random weighted games (hypothesis)."""

from fractions import Fraction

from hypothesis import given, settings
from hypothesis import strategies as st

from powershare import WeightedGame, power, power_table


@st.composite
def weighted_games(draw: st.DrawFn, max_n: int = 12, max_w: int = 30) -> WeightedGame:
    weights = draw(st.lists(st.integers(0, max_w), min_size=1, max_size=max_n))
    if sum(weights) == 0:
        weights[0] = 1
    quota = draw(st.integers(1, sum(weights)))
    return WeightedGame(quota, weights)


@settings(max_examples=150, deadline=None)
@given(weighted_games(max_n=14))
def test_fast_method_agrees_with_enumeration(game: WeightedGame) -> None:
    for index in ("banzhaf", "banzhaf_absolute", "shapley"):
        fast = power(game, index, method="generating-function")
        reference = power(game, index, method="enumeration")
        assert fast.counts == reference.counts
        assert fast.exact == reference.exact


@settings(max_examples=150, deadline=None)
@given(weighted_games())
def test_axioms(game: WeightedGame) -> None:
    table = power_table(game, ["banzhaf", "shapley", "banzhaf_absolute"])
    for key in ("banzhaf", "shapley"):
        values = table.results[key].exact
        assert values is not None
        assert sum(values) == 1  # efficiency of the normalised indices
        assert all(v >= 0 for v in values)
    swings = table.results["banzhaf"].counts
    assert swings is not None
    for i in range(game.n):
        for j in range(game.n):
            wi, wj = game.weights[i], game.weights[j]
            for key in ("banzhaf", "shapley", "banzhaf_absolute"):
                vi, vj = table.results[key].floats[i], table.results[key].floats[j]
                if wi == wj:
                    assert table.results[key].exact[i] == table.results[key].exact[j]  # type: ignore[index]
                if wi > wj:
                    assert vi >= vj  # more weight never means less power
        if swings[i] == 0:  # a member who is never decisive gets exactly 0 everywhere
            for key in ("banzhaf", "shapley", "banzhaf_absolute"):
                assert table.results[key].exact[i] == Fraction(0)  # type: ignore[index]


@given(weighted_games(max_n=10))
@settings(max_examples=60, deadline=None)
def test_zero_weight_member_is_a_dummy(game: WeightedGame) -> None:
    extended = WeightedGame(game.quota, [*game.weights, 0])
    result = power(extended, "shapley")
    assert result.exact is not None and result.exact[-1] == 0
    # adding a dummy leaves the others' Shapley-Shubik values unchanged
    assert result.exact[:-1] == power(game, "shapley").exact
