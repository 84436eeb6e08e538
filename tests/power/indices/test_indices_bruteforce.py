"""Every coalition-based index, by every method, against its definition on small random games.

The reference below is written from the definitions (Holler & Packel 1983; Deegan & Packel
1978; Johnston 1978; Coleman 1971; Rae 1969; Owen 1977, 1982), with plain Python loops over
all coalitions and orderings, independent of :mod:`powershare.power.brute`.
"""

import itertools
import math
from collections.abc import Callable
from fractions import Fraction

from hypothesis import given, settings
from hypothesis import strategies as st

from powershare.games.base import SimpleGame
from powershare.games.weighted import WeightedGame
from powershare.power import Blocs, power
from powershare.power.mwc import coalitions_by_size, winning_counts


def definitions(weights: list[int], q: int) -> dict[str, list[Fraction]]:
    n = len(weights)
    coalitions = [frozenset(c) for r in range(n + 1) for c in itertools.combinations(range(n), r)]

    def wins(c: frozenset[int]) -> bool:
        return sum(weights[i] for i in c) >= q

    winning = [c for c in coalitions if wins(c)]
    minimal = [c for c in winning if all(not wins(c - {i}) for i in c)]
    swings = [sum(1 for c in winning if i in c and not wins(c - {i})) for i in range(n)]
    holler = [sum(1 for c in minimal if i in c) for i in range(n)]
    dp = [sum(Fraction(1, len(c)) for c in minimal if i in c) / len(minimal) for i in range(n)]
    johnston_raw = [Fraction(0)] * n
    for c in winning:
        critical = [i for i in c if not wins(c - {i})]
        for i in critical:
            johnston_raw[i] += Fraction(1, len(critical))
    total_j = sum(johnston_raw)
    w_count = len(winning)
    return {
        "holler": [Fraction(h, sum(holler)) for h in holler],
        "holler_absolute": [Fraction(h, len(minimal)) for h in holler],
        "deegan_packel": dp,
        "johnston": [j / total_j for j in johnston_raw],
        "coleman_prevent": [Fraction(s, w_count) for s in swings],
        "coleman_initiate": [Fraction(s, 2**n - w_count) for s in swings],
        "rae": [
            Fraction(
                sum(1 for c in coalitions if (i in c) == wins(c)),
                2**n,
            )
            for i in range(n)
        ],
        "_mwc": [Fraction(len(minimal))],
        "_winning": [Fraction(w_count)],
    }


def owen_definition(
    weights: list[int], q: int, groups: tuple[tuple[int, ...], ...], banzhaf: bool
) -> list[Fraction]:
    """Owen: average over orderings with every bloc contiguous; Banzhaf-Owen: Owen (1982)."""
    n = len(weights)
    out = [Fraction(0)] * n
    if banzhaf:
        for k, group in enumerate(groups):
            others = [g for j, g in enumerate(groups) if j != k]
            for i in group:
                rest = [j for j in group if j != i]
                total = 0
                for r in range(len(others) + 1):
                    for chosen in itertools.combinations(others, r):
                        base = sum(weights[j] for g in chosen for j in g)
                        for t in range(len(rest) + 1):
                            for sub in itertools.combinations(rest, t):
                                s = base + sum(weights[j] for j in sub)
                                total += s < q <= s + weights[i]
                out[i] = Fraction(total, 2 ** (len(groups) - 1 + len(group) - 1))
        return out
    orders = 0
    for bloc_order in itertools.permutations(groups):
        for inner in itertools.product(*(itertools.permutations(g) for g in bloc_order)):
            orders += 1
            s = 0
            for i in itertools.chain.from_iterable(inner):
                if s < q <= s + weights[i]:
                    out[i] += 1
                s += weights[i]
    return [v / orders for v in out]


small_games = st.lists(st.integers(0, 9), min_size=1, max_size=7).filter(lambda w: sum(w) > 0)


@settings(max_examples=150, deadline=None)
@given(small_games, st.data())
def test_every_index_matches_its_definition(
    opaque: Callable[[WeightedGame], SimpleGame], weights: list[int], data: st.DataObject
) -> None:
    q = data.draw(st.integers(1, sum(weights)))
    game = WeightedGame(q, weights)
    expected = definitions(weights, q)
    for key in (
        "holler",
        "holler_absolute",
        "deegan_packel",
        "johnston",
        "coleman_prevent",
        "coleman_initiate",
        "rae",
    ):
        for method in ("generating-function", "enumeration"):
            result = power(game, key, method=method)
            assert list(result.exact or ()) == expected[key], (key, method)
        assert list(power(opaque(game), key).exact or ()) == expected[key]
    mwc_result = power(game, "holler", method="generating-function")
    assert mwc_result.extra["minimal_winning_coalitions"] == expected["_mwc"][0]
    rae = power(game, "rae", method="generating-function")
    assert rae.extra["winning_coalitions"] == expected["_winning"][0]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.integers(0, 6), min_size=1, max_size=6).filter(lambda w: sum(w) > 0), st.data())
def test_owen_values_match_their_definitions(weights: list[int], data: st.DataObject) -> None:
    n = len(weights)
    q = data.draw(st.integers(1, sum(weights)))
    labels = data.draw(st.lists(st.integers(0, 2), min_size=n, max_size=n))
    groups = [[i for i in range(n) if labels[i] == b] for b in range(3)]
    groups = [g for g in groups if g]
    game = WeightedGame(q, weights)
    blocs = Blocs.from_spec(game, groups)
    for key, banzhaf in (("owen", False), ("banzhaf_owen", True)):
        expected = owen_definition(weights, q, blocs.groups, banzhaf)
        for method in ("generating-function", "enumeration"):
            got = power(game, key, method=method, blocs=blocs)
            assert list(got.exact or ()) == expected, (key, method)


def test_kernel_counts_are_exact_beyond_64_bits() -> None:
    # 90 equal members, majority: MWCs of size 46 contain each member C(89, 45) times
    weights = [1] * 90
    by_weight, _ = coalitions_by_size(weights, 46, "mwc")
    assert by_weight[1][45] == math.comb(89, 45)
    assert sum(by_weight[1]) == math.comb(89, 45)
    per, total = winning_counts(weights, 46)
    assert total == sum(math.comb(90, k) for k in range(46, 91))
    assert per[0] == sum(math.comb(89, k) for k in range(45, 90))
    crit, _ = coalitions_by_size(weights, 46, "critical")
    assert crit[1][45] == math.comb(89, 45)  # critical only in coalitions of exactly 46
