"""Conformance of every registered counting method and index with the definitions.

Generated from the registries, as abcvoting tests every rule and algorithm it registers: for each
registered exact method and each quantity it declares, on every small game of the pool below
that the method takes (weighted games, compound rules, games with blocs), its counts must equal
a brute-force count written here from the definitions, with :meth:`SimpleGame.is_winning` and
plain loops over coalitions and orderings (independent of :mod:`powershare.power.brute` and
:mod:`powershare.power.kernels.enumeration`).  Every registered index, computed through each
exact method that takes the game, must give the same result.  A newly registered method, quantity
or index is picked up without being listed here; a quantity without a reference below fails.

Definitions: Banzhaf (1965), Shapley & Shubik (1954), Coleman (1971), Holler & Packel (1983),
Deegan & Packel (1978), Johnston (1978), Owen (1977, 1982), Bertini & Stach (2015), Casajus &
Huettner (2019), Colomer & Martinez (1995), Alonso-Meijide & Freixas (2010); restricted games
(games with a graph, an order or never-together pairs): Myerson (1977), Owen (1986), Axelrod
(1970), with coalitions that contain a never-together pair removed before counting.
"""

from __future__ import annotations

import itertools
import math
import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import cache

import pytest

from powershare.games import AllOf, AnyOf, AtLeast, Criterion, Veto
from powershare.games.base import SimpleGame
from powershare.games.compound import Bloc, BlocConsent, MinimalWinning, TwoTier
from powershare.games.weighted import WeightedGame
from powershare.power import INDICES, Blocs, GameWithBlocs, GameWithGraph, Graph, power, registry
from powershare.power.extended import SizedCounts
from powershare.power.graph_methods import GRAPH_QUANTITIES
from powershare.power.pgi_variants import PGI_QUANTITIES
from powershare.power.registry import Counts


# -- the pool of small games -------------------------------------------------------------------
@dataclass(frozen=True)
class Case:
    """A game, and the blocs (a-priori unions) or the graph its quantities are counted with."""

    name: str
    game: SimpleGame
    blocs: str | None = None
    graph: object | None = field(default=None, compare=False)  # names are unique

    @property
    def target(self) -> SimpleGame:
        if self.graph is not None:
            return GameWithGraph(self.game, Graph.from_spec(self.game, self.graph))
        if self.blocs is None:
            return self.game
        return GameWithBlocs(self.game, Blocs.from_spec(self.game, self.blocs))


def _weighted_cases(rng: random.Random, count: int) -> list[Case]:
    cases = [
        Case("eec", WeightedGame(12, [4, 4, 4, 2, 2, 1])),
        Case("dictator", WeightedGame(5, [5, 1, 1, 1])),
        Case("unanimity", WeightedGame(6, [1, 2, 3])),
        Case("one", WeightedGame(1, [1])),
        Case("zeros", WeightedGame(3, [3, 0, 2, 1, 0])),
    ]
    for k in range(count):
        n = rng.randint(1, 7)
        weights = [rng.randint(0, 9) for _ in range(n)]
        weights[0] = max(weights[0], 1)
        cases.append(Case(f"weighted{k}", WeightedGame(rng.randint(1, sum(weights)), weights)))
    return cases


def _names(n: int) -> list[str]:
    return [chr(ord("A") + i) for i in range(n)]


def _compound_cases(rng: random.Random, count: int) -> list[Case]:
    n7 = _names(7)
    seats = Criterion([3, 3, 2, 2, 1, 1, 1], "majority", n7, label="seats")
    people = Criterion([10, 1, 7, 2, 5, 3, 1], "65%", n7, label="population")
    heads = AtLeast(4, n7)
    units = [
        ("U", WeightedGame(2, [1, 1, 1], ["A", "B", "C"])),
        ("V", WeightedGame(2, [2, 1], ["D", "E"])),
        ("W", WeightedGame(1, [1, 1], ["F", "G"])),
    ]
    cases = [
        Case("criterion", seats),
        Case("all_of", AllOf([seats, people])),
        Case("any_of", AnyOf([AllOf([seats, heads]), people])),
        Case("veto", AllOf([seats, Veto(["C"], n7)])),
        Case("at_least_among", AtLeast(2, n7, among=["A", "D", "F"])),
        Case(
            "bloc_consent",
            BlocConsent(
                [Bloc("x", ("A", "B", "C")), Bloc("y", ("D", "E")), Bloc("z", ("F", "G"))],
                n7,
                required=2,
            ),
        ),
        Case("two_tier", TwoTier(units, WeightedGame(4, [3, 2, 2], ["U", "V", "W"]))),
        Case(
            "two_tier_split",
            TwoTier(units, WeightedGame(4, [3, 2, 2], ["U", "V", "W"]), split=True),
        ),
        Case("minimal_winning", MinimalWinning([["A", "B"], ["B", "C", "D"], ["E"]], _names(5))),
    ]
    for k in range(count):
        n = rng.randint(2, 6)
        names = _names(n)
        parts = [
            Criterion(
                [rng.randint(0, 6) + (i == 0) for i in range(n)], f"{rng.randint(40, 90)}%", names
            )
            for _ in range(rng.randint(2, 3))
        ]
        rule: SimpleGame = AllOf(parts) if k % 2 == 0 else AnyOf(parts)
        if k % 3 == 0:
            rule = AllOf([rule, Veto([names[rng.randrange(n)]], names)])
        cases.append(Case(f"compound{k}", rule))
    return cases


def _bloc_cases(rng: random.Random, count: int) -> list[Case]:
    cases = [
        Case("eec_blocs", WeightedGame(12, [4, 4, 4, 2, 2, 1], _names(6)), "A+D, B+E, C+F"),
        Case("blocs_singletons", WeightedGame(3, [2, 1, 1], _names(3)), "A, B, C"),
        Case("blocs_one", WeightedGame(3, [2, 1, 1], _names(3)), "A+B+C"),
        Case(
            "compound_blocs",
            AllOf([Criterion([3, 2, 2, 1, 1], "60%", _names(5)), AtLeast(3, _names(5))]),
            "A+B, C+D+E",
        ),
    ]
    for k in range(count):
        n = rng.randint(2, 6)
        names = _names(n)
        weights = [rng.randint(1, 8) for _ in range(n)]
        order = names[:]
        rng.shuffle(order)
        cut = sorted(rng.sample(range(1, n), rng.randint(0, n - 1)))
        groups = [order[a:b] for a, b in zip([0, *cut], [*cut, n], strict=True)]
        spec = ", ".join("+".join(g) for g in groups)
        game = WeightedGame(rng.randint(1, sum(weights)), weights, names)
        cases.append(Case(f"blocs{k}", game, spec))
    return cases


def _graph_cases(rng: random.Random, count: int) -> list[Case]:
    n5 = _names(5)
    council = WeightedGame(6, [4, 3, 2, 1, 1], n5)
    cases = [
        Case("path", council, graph={"order": "A, C, E, D, B"}),
        Case("star", council, graph="A-B, A-C, A-D, A-E"),
        Case("cycle", council, graph="A-B-C-D-E-A"),
        Case("never_together", council, graph={"never_together": "A+B, C+D"}),
        Case("never_three", council, graph={"never_together": "A+B+C"}),
        Case("no_edges", council, graph=[]),
        Case("improper_path", WeightedGame(2, [2, 1, 1, 2], _names(4)), graph="A-B-C-D"),
        Case("improper_apart", WeightedGame(1, [1, 1, 1], _names(3)), graph="A-B"),
        Case(
            "compound_tree",
            AllOf([Criterion([3, 2, 2, 1, 1], "50%", n5), AtLeast(3, n5)]),
            graph="A-B, B-C, B-D, D-E",
        ),
        Case(
            "compound_conflict",
            AnyOf([Criterion([3, 2, 2, 1, 1], "60%", n5), AtLeast(4, n5)]),
            graph={"never_together": "A+C"},
        ),
    ]
    for k in range(count):
        n = rng.randint(2, 7)
        names = _names(n)
        weights = [rng.randint(0, 6) for _ in range(n)]
        weights[0] = max(weights[0], 1)
        game = WeightedGame(rng.randint(1, sum(weights)), weights, names)
        pairs = [(a, b) for a in names for b in names if a < b]
        if k % 3 == 0:  # a random tree
            edges = [(names[rng.randrange(i)], names[i]) for i in range(1, n)]
            cases.append(Case(f"tree{k}", game, graph=edges))
        elif k % 3 == 1:  # any graph
            cases.append(
                Case(f"graph{k}", game, graph=rng.sample(pairs, rng.randint(0, len(pairs))))
            )
        else:
            chosen = rng.sample(pairs, rng.randint(1, min(3, len(pairs))))
            cases.append(Case(f"conflict{k}", game, graph={"never_together": chosen}))
    return cases


_RNG = random.Random(20240601)
PLAIN = _weighted_cases(_RNG, 14) + _compound_cases(_RNG, 8)
WITH_BLOCS = _bloc_cases(_RNG, 8)
WITH_GRAPH = _graph_cases(_RNG, 12)
POOL = PLAIN + WITH_BLOCS + WITH_GRAPH


# -- references from the definitions -----------------------------------------------------------
@cache
def _winning(case: Case) -> dict[frozenset[int], bool]:
    n = case.game.n
    return {
        frozenset(c): case.game.is_winning(c)
        for r in range(n + 1)
        for c in itertools.combinations(range(n), r)
    }


def _swings(case: Case) -> Counts:
    win, n = _winning(case), case.game.n
    per = [sum(1 for c, w in win.items() if i in c and w and not win[c - {i}]) for i in range(n)]
    return Counts("swings", tuple(per), {"winning_coalitions": sum(win.values())})


def _pivots(case: Case) -> Counts:
    win, n = _winning(case), case.game.n
    per = [0] * n
    for order in itertools.permutations(range(n)):
        for k in range(n):
            if win[frozenset(order[: k + 1])]:
                per[order[k]] += 1
                break
    return Counts("pivots", tuple(per), {"winning_coalitions": sum(win.values())})


def _winning_counts(case: Case) -> Counts:
    win, n = _winning(case), case.game.n
    per = [sum(1 for c, w in win.items() if w and i in c) for i in range(n)]
    return Counts("winning", tuple(per), {"winning_coalitions": sum(win.values())})


def _mwc(case: Case) -> Counts:
    win, n = _winning(case), case.game.n
    minimal = [c for c, w in win.items() if w and all(not win[c - {i}] for i in c)]
    by_size = tuple(
        tuple(sum(1 for c in minimal if i in c and len(c) == s) for s in range(n + 1))
        for i in range(n)
    )
    return SizedCounts(
        "mwc",
        tuple(sum(row) for row in by_size),
        {"minimal_winning_coalitions": len(minimal)},
        by_size,
    )


def _mwc_total(case: Case) -> Counts:
    counts = _mwc(case)
    return Counts("mwc_total", counts.per_member, dict(counts.scalars))


def _critical(case: Case) -> Counts:
    win, n = _winning(case), case.game.n
    table = [[0] * (n + 1) for _ in range(n)]
    for c, w in win.items():
        if not w:
            continue
        critical = [i for i in c if not win[c - {i}]]
        for i in critical:
            table[i][len(critical)] += 1
    by_size = tuple(tuple(row) for row in table)
    return SizedCounts("critical", tuple(sum(row) for row in by_size), by_size=by_size)


def _groups(case: Case) -> list[list[int]]:
    target = case.target
    assert isinstance(target, GameWithBlocs)
    return [list(g) for g in target.blocs.groups]


def _owen_pivots(case: Case) -> Counts:
    """Orderings in which every bloc is contiguous, counted one by one (Owen 1977)."""
    win, n, groups = _winning(case), case.game.n, _groups(case)
    per = [0] * n
    for bloc_order in itertools.permutations(groups):
        for inner in itertools.product(*(itertools.permutations(g) for g in bloc_order)):
            order = [i for part in inner for i in part]
            for k in range(n):
                if win[frozenset(order[: k + 1])]:
                    per[order[k]] += 1
                    break
    return Counts("owen_pivots", tuple(per))


def _subsets(items: Sequence[int]) -> list[frozenset[int]]:
    return [frozenset(c) for r in range(len(items) + 1) for c in itertools.combinations(items, r)]


def _owen_swings(case: Case) -> Counts:
    """Pairs (other blocs R, own-bloc partners T) for which the member swings (Owen 1982)."""
    win, n, groups = _winning(case), case.game.n, _groups(case)
    per = [0] * n
    for k, own in enumerate(groups):
        others = [j for j in range(len(groups)) if j != k]
        for chosen in _subsets(others):
            outside = frozenset(i for j in chosen for i in groups[j])
            for i in own:
                for partners in _subsets([m for m in own if m != i]):
                    s = outside | partners
                    per[i] += win[s | {i}] and not win[s]
    return Counts("owen_swings", tuple(per))


def _restricted(case: Case) -> dict[frozenset[int], int]:
    """The restricted game from the definitions: Myerson's v^G (sum over the components) for a
    graph or order; for never-together pairs, the coalitions containing a pair are removed from
    the winning ones and a coalition wins when it contains one of those left."""
    win, n = _winning(case), case.game.n
    target = case.target
    assert isinstance(target, GameWithGraph)
    graph = target.graph
    if graph.kind == "conflict":
        left = [
            c for c, w in win.items() if w and not any(i in c and j in c for i, j in graph.edges)
        ]
        return {s: int(any(c <= s for c in left)) for s in win}
    linked = {i: {j for e in graph.edges for j in e if i in e and j != i} for i in range(n)}
    worth = {}
    for s in win:
        todo, total = set(s), 0
        while todo:
            part, stack = set(), [min(todo)]
            while stack:
                i = stack.pop()
                if i not in part:
                    part.add(i)
                    stack.extend(linked[i] & todo)
            todo -= part
            total += win[frozenset(part)]
        worth[s] = total
    return worth


def _myerson_pivots(case: Case) -> Counts:
    """Marginal contributions in v^G over all orderings (Myerson 1977)."""
    worth, n = _restricted(case), case.game.n
    per = [0] * n
    for order in itertools.permutations(range(n)):
        for k in range(n):
            per[order[k]] += worth[frozenset(order[: k + 1])] - worth[frozenset(order[:k])]
    return Counts("myerson_pivots", tuple(per))


def _graph_swings(case: Case) -> Counts:
    """Marginal contributions in v^G over all coalitions (Owen 1986)."""
    worth, n = _restricted(case), case.game.n
    per = [sum(worth[c] - worth[c - {i}] for c in worth if i in c) for i in range(n)]
    return Counts("graph_swings", tuple(per))


def _connected_mwc(case: Case) -> Counts:
    """Minimal coalitions among the winning ones that can form (Axelrod 1970)."""
    worth, n = _restricted(case), case.game.n
    minimal = [c for c, w in worth.items() if w and all(not worth[c - {i}] for i in c)]
    per = tuple(sum(1 for c in minimal if i in c) for i in range(n))
    return Counts("connected_mwc", per, {"minimal_connected_winning_coalitions": len(minimal)})


def _sized_reference(quantity: str, chosen: list[frozenset[int]], n: int, **scalars: int) -> Counts:
    by_size = tuple(
        tuple(sum(1 for c in chosen if i in c and len(c) == s) for s in range(n + 1))
        for i in range(n)
    )
    return SizedCounts(quantity, tuple(sum(r) for r in by_size), scalars, by_size)


def _winning_by_size(case: Case) -> Counts:
    """Winning coalitions with the member, by size (Bertini & Stach 2015)."""
    win, n = _winning(case), case.game.n
    return _sized_reference("winning_by_size", [c for c, w in win.items() if w], n)


def _swings_by_size(case: Case) -> Counts:
    """Coalitions where the member swings, by size (Casajus & Huettner 2019)."""
    win, n = _winning(case), case.game.n
    table = [[0] * (n + 1) for _ in range(n)]
    for c, w in win.items():
        for i in c:
            table[i][len(c)] += w and not win[c - {i}]
    by_size = tuple(tuple(r) for r in table)
    return SizedCounts("swings_by_size", tuple(sum(r) for r in by_size), by_size=by_size)


def _mwc_by_weight(case: Case) -> Counts:
    """Minimal winning coalitions with the member, by weight minus quota (Colomer & Martinez
    1995); weighted games only."""
    game = case.game
    assert isinstance(game, WeightedGame)
    win, n = _winning(case), game.n
    minimal = [c for c, w in win.items() if w and all(not win[c - {i}] for i in c)]
    table = []
    for i in range(n):
        row = [0] * game.weights[i]
        for c in minimal:
            if i in c:
                row[sum(game.weights[j] for j in c) - game.quota] += 1
        table.append(tuple(row))
    return SizedCounts(
        "mwc_by_weight",
        tuple(sum(r) for r in table),
        {"minimal_winning_coalitions": len(minimal)},
        tuple(table),
    )


def _shift_mwc(case: Case) -> Counts:
    """Shift-minimal winning coalitions (Alonso-Meijide & Freixas 2010): minimal winning, and
    swapping a member for a strictly less desirable outsider loses."""
    win, n = _winning(case), case.game.n

    def at_least(i: int, j: int) -> bool:
        return all(win[c | {i}] or not win[c | {j}] for c in win if i not in c and j not in c)

    geq = {(i, j): at_least(i, j) for i in range(n) for j in range(n) if i != j}
    strictly = {(i, j) for (i, j), v in geq.items() if v and not geq[(j, i)]}
    chosen = [
        c
        for c, w in win.items()
        if w
        and all(not win[c - {i}] for i in c)
        and all(not win[(c - {i}) | {j}] for i, j in strictly if i in c and j not in c)
    ]
    return _sized_reference("shift_mwc", chosen, n, shift_minimal_winning_coalitions=len(chosen))


def _quotient_mwc(case: Case) -> Counts:
    """Minimal winning coalitions of the quotient game (each bloc voting as one) that contain
    the member's bloc (the PGI of the blocs: Alonso-Meijide et al. 2010; Holler & Nohn 2009)."""
    win, groups = _winning(case), _groups(case)
    m = len(groups)

    def wins(units: Sequence[int]) -> bool:
        return win[frozenset(i for k in units for i in groups[k])]

    minimal = [
        set(c)
        for r in range(1, m + 1)
        for c in itertools.combinations(range(m), r)
        if wins(c) and all(not wins([x for x in c if x != k]) for k in c)
    ]
    bloc = {i: k for k, g in enumerate(groups) for i in g}
    per = tuple(sum(1 for c in minimal if bloc[i] in c) for i in range(case.game.n))
    return Counts("quotient_mwc", per, {"quotient_minimal_winning_coalitions": len(minimal)})


def _threat_mwc(case: Case) -> Counts:
    """As ``quotient_mwc`` (the threat games' shares are checked by the index tests)."""
    counts = _quotient_mwc(case)
    return Counts("threat_mwc", counts.per_member, counts.scalars)


REFERENCES: dict[str, Callable[[Case], Counts]] = {
    "swings": _swings,
    "pivots": _pivots,
    "winning": _winning_counts,
    "mwc": _mwc,
    "critical": _critical,
    "owen_pivots": _owen_pivots,
    "owen_swings": _owen_swings,
    "myerson_pivots": _myerson_pivots,
    "graph_swings": _graph_swings,
    "connected_mwc": _connected_mwc,
    "winning_by_size": _winning_by_size,
    "swings_by_size": _swings_by_size,
    "mwc_by_weight": _mwc_by_weight,
    "shift_mwc": _shift_mwc,
    "mwc_total": _mwc_total,
    "quotient_mwc": _quotient_mwc,
    "threat_mwc": _threat_mwc,
}
"""One reference per quantity; a registered quantity missing here fails the tests below."""


def _trimmed(row: Sequence[int]) -> tuple[int, ...]:
    row = tuple(row)
    while row and row[-1] == 0:
        row = row[:-1]
    return row


# -- the generated tests -----------------------------------------------------------------------
EXACT = [m for m in registry if m.exact]
METHOD_QUANTITIES = [(m.name, q) for m in EXACT for q in sorted(m.quantities)]


@pytest.mark.parametrize(("method_name", "quantity"), METHOD_QUANTITIES)
def test_method_counts_match_the_definitions(method_name: str, quantity: str) -> None:
    method = registry.get(method_name)
    assert quantity in REFERENCES, f"no reference for quantity {quantity!r}: add one"
    taken = 0
    for case in POOL:
        structured = (
            quantity.startswith("owen")
            or quantity in PGI_QUANTITIES
            or quantity in GRAPH_QUANTITIES
        )
        target = case.target if structured else case.game
        if method.applies(target, quantity) is not None:
            continue
        taken += 1
        expected = REFERENCES[quantity](case)
        got = method.count(target, quantity)
        assert got.quantity == quantity
        assert got.per_member == expected.per_member, case.name
        for key, value in got.scalars.items():
            assert key in expected.scalars, f"{method_name} reports {key!r}: add a reference"
            assert value == expected.scalars[key], (case.name, key)
        if isinstance(got, SizedCounts):
            assert isinstance(expected, SizedCounts)
            assert [_trimmed(r) for r in got.by_size] == [_trimmed(r) for r in expected.by_size], (
                case.name
            )
    assert taken >= 3, f"{method_name} takes too few games of the pool for {quantity}; add some"


INDEX_KEYS = list(INDICES)


@pytest.mark.parametrize("key", INDEX_KEYS)
def test_every_exact_method_gives_the_same_index(key: str) -> None:
    spec = INDICES[key]
    compared = 0
    pool = WITH_BLOCS if spec.needs_blocs else WITH_GRAPH if spec.needs_graph else PLAIN
    for case in pool:
        target = case.target if spec.needs_blocs or spec.needs_graph else case.game
        names = [
            m.name
            for m in EXACT
            if spec.quantity in m.quantities and m.applies(target, spec.quantity) is None
        ]
        results = [
            power(case.game, key, method=name, blocs=case.blocs, graph=case.graph) for name in names
        ]
        for name, res in zip(names[1:], results[1:], strict=True):
            first = results[0]
            assert res.method == name and res.is_exact
            assert (res.exact, res.counts, res.denominator) == (
                first.exact,
                first.counts,
                first.denominator,
            ), (case.name, names[0], name)
            shared = res.extra.keys() & first.extra.keys()  # some methods report more
            assert {k: res.extra[k] for k in shared} == {k: first.extra[k] for k in shared}
        if results:
            compared += 1
            assert results[0].exact is not None
            if spec.normalised and sum(results[0].exact) != 0:
                assert sum(results[0].exact) == 1, case.name
    assert compared >= 3, f"index {key!r} was computed on too few games of the pool"


def test_pool_has_games_for_every_kind() -> None:
    kinds = {type(c.game).__name__ for c in POOL}
    assert {"WeightedGame", "AllOf", "AnyOf", "BlocConsent", "TwoTier"} <= kinds
    assert all(math.prod(len(g) for g in _groups(c)) >= 1 for c in WITH_BLOCS)
