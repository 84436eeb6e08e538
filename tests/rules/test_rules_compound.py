"""Every exact compound method against brute-force enumeration on random small compound rules."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import powershare.power.compound.register  # noqa: F401  (registers the methods)
from powershare.games.circuit import circuit_of
from powershare.games.compound import (
    AllOf,
    AnyOf,
    AtLeast,
    Bloc,
    BlocConsent,
    Criterion,
    MinimalWinning,
    TwoTier,
    Veto,
)
from powershare.games.weighted import WeightedGame
from powershare.power import power
from powershare.power.compound import diagram_counts, symmetric_counts


def brute(game, quantity):
    """Swings or pivots by visiting all 2^n coalitions (independent of the circuit)."""
    n = game.n
    masks = np.arange(2**n, dtype=np.int64)
    win = np.array([game.is_winning([i for i in range(n) if m >> i & 1]) for m in range(2**n)])
    sizes = np.array([bin(m).count("1") for m in range(2**n)])
    out = []
    for i in range(n):
        without = masks[(masks >> i) & 1 == 0]
        dec = win[without | (1 << i)] & ~win[without]
        if quantity == "swings":
            out.append(int(dec.sum()))
        else:
            out.append(
                sum(
                    math.factorial(int(k)) * math.factorial(n - 1 - int(k))
                    for k in sizes[without][dec]
                )
            )
    return out, int(win.sum())


@st.composite
def weighted_part(draw, names):
    n = len(names)
    weights = draw(st.lists(st.integers(0, 6), min_size=n, max_size=n).filter(lambda w: sum(w) > 0))
    quota = draw(st.integers(1, sum(weights)))
    return Criterion(weights, quota, names, label="w")


@st.composite
def rule(draw, names, depth=2):
    n = len(names)
    kinds = ["weighted", "at_least", "veto", "minimal"]
    if depth > 0:
        kinds += ["all_of", "any_of", "bloc"]
    kind = draw(st.sampled_from(kinds))
    if kind == "weighted":
        return draw(weighted_part(names))
    if kind == "at_least":
        return AtLeast(draw(st.integers(1, n)), names)
    if kind == "veto":
        k = draw(st.integers(1, min(2, n)))
        return Veto(draw(st.permutations(names))[:k], names)
    if kind == "minimal":
        cs = draw(
            st.lists(
                st.lists(st.sampled_from(names), min_size=1, max_size=3, unique=True),
                min_size=1,
                max_size=3,
            )
        )
        return MinimalWinning(cs, names)
    if kind in ("all_of", "any_of"):
        parts = draw(st.lists(rule(names, depth - 1), min_size=1, max_size=3))
        return AllOf(parts) if kind == "all_of" else AnyOf(parts)
    # bloc consent: split the members into 2..3 blocs
    cut = (
        sorted(draw(st.lists(st.integers(1, n - 1), min_size=1, max_size=2, unique=True)))
        if n > 1
        else []
    )
    bounds = [0, *cut, n]
    blocs = []
    for j in range(len(bounds) - 1):
        sub = names[bounds[j] : bounds[j + 1]]
        blocs.append(Bloc(f"B{j}", tuple(sub), draw(rule(sub, 0))))
    return BlocConsent(blocs, names, required=draw(st.integers(1, len(blocs))))


@st.composite
def compound_game(draw):
    if draw(st.booleans()):
        n = draw(st.integers(1, 8))
        names = [f"M{i}" for i in range(n)]
        return draw(rule(names))
    sizes = draw(st.lists(st.integers(1, 3), min_size=1, max_size=3))
    units = []
    for u, size in enumerate(sizes):
        names = [f"U{u}m{i}" for i in range(size)]
        units.append((f"U{u}", draw(rule(names, 1))))
    upper = draw(rule([u for u, _ in units], 1))
    return TwoTier(units, upper)


SETTINGS = settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(compound_game(), st.sampled_from(["swings", "pivots"]))
def test_rules_diagram_matches_enumeration(game, quantity):
    assert diagram_counts(circuit_of(game), quantity) == brute(game, quantity)


@SETTINGS
@given(compound_game(), st.sampled_from(["swings", "pivots"]))
def test_rules_symmetric_matches_enumeration(game, quantity):
    assert symmetric_counts(circuit_of(game), quantity) == brute(game, quantity)


@SETTINGS
@given(compound_game())
def test_rules_winning_masks_agree_with_is_winning(game):
    masks = np.arange(2**game.n, dtype=np.int64)
    expected = [game.is_winning([i for i in range(game.n) if m >> i & 1]) for m in masks]
    assert game.winning_masks(masks).tolist() == expected
    assert not expected[0] and expected[-1]  # empty loses, grand coalition wins


def test_rules_two_tier_split_is_weighted():
    a = WeightedGame(2, [1, 1, 1], ["a1", "a2", "a3"])
    b = WeightedGame(1, [1, 1], ["b1", "b2"])
    upper = WeightedGame(4, [3, 2], ["A", "B"])
    game = TwoTier([("A", a), ("B", b)], upper, split=True)
    # weights 3*1/3 = 1 for a's, 2*1/2 = 1 for b's: at least 4 of 5
    assert game.circuit.leaf_weights == ((1, 1, 1, 1, 1),)
    assert game.circuit.leaf_quota == (4,)
    assert "split in proportion" in game.describe()


def test_rules_describe_eu_style():
    names = [f"S{i}" for i in range(27)]
    rule = AnyOf(
        [
            AllOf(
                [
                    Criterion([1] * 27, "55%", names, label="members"),
                    Criterion(list(range(1, 28)), "65%", names, label="population"),
                ]
            ),
            AtLeast(24, names),
        ]
    )
    assert rule.describe() == (
        "passes with at least 55% of members and at least 65% of population, "
        "unless at most 3 members oppose"
    )


def test_rules_auto_and_methods_agree_via_power():
    names = [f"M{i}" for i in range(9)]
    game = AllOf(
        [
            Criterion([5, 4, 4, 3, 2, 2, 1, 1, 1], "2/3", names),
            AtLeast(5, names),
            Veto(["M0"], names),
        ]
    )
    for index in ("banzhaf", "shapley", "banzhaf_absolute"):
        a = power(game, index, method="decision-diagram")
        b = power(game, index, method="symmetric-classes")
        assert a.exact == b.exact
        assert a.is_exact


def test_rules_rejects_mismatched_bodies():
    from powershare.errors import InvalidGameError

    with pytest.raises(InvalidGameError, match="same members"):
        AllOf([AtLeast(1, ["a", "b"]), AtLeast(1, ["a", "c"])])
    with pytest.raises(InvalidGameError, match="two blocs"):
        BlocConsent([Bloc("x", ("a",)), Bloc("y", ("a", "b"))], ["a", "b"])
    with pytest.raises(InvalidGameError, match="unknown member"):
        Veto(["z"], ["a", "b"])
