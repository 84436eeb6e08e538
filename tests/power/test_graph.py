"""Restricted games: the Myerson value, the graph-restricted Banzhaf value, minimal connected
winning coalitions, and never-together pairs (powershare.power.graph, graph_methods, graph_tree).
"""

from __future__ import annotations

import itertools
import math
import random
from fractions import Fraction

import pytest

from powershare.errors import InvalidInputError
from powershare.games.scenario import read_scenario
from powershare.games.weighted import WeightedGame
from powershare.power import (
    GameWithGraph,
    Graph,
    RestrictedGame,
    minimal_connected_winning,
    power,
    power_table,
)
from powershare.power.graph_methods import marginals_by_size
from powershare.power.graph_tree import tree_marginals_by_size


def _myerson_by_definition(game: WeightedGame, graph: Graph) -> list[Fraction]:
    """Shapley value of v^G, v^G(S) = sum of v over the components of S (Myerson 1977)."""
    n = game.n

    def worth(s: frozenset[int]) -> int:
        mask = sum(1 << i for i in s)
        return sum(
            game.is_winning([i for i in range(n) if c >> i & 1]) for c in graph.components(mask)
        )

    out = [Fraction(0)] * n
    for order in itertools.permutations(range(n)):
        for k, i in enumerate(order):
            before = frozenset(order[:k])
            out[i] += Fraction(worth(before | {i}) - worth(before), math.factorial(n))
    return out


def test_myerson_three_person_majority() -> None:
    """Myerson (1977), the three-person majority game v(S) = 1 iff |S| >= 2: with only 1 and 2
    linked the value is (1/2, 1/2, 0); on the line 1-2-3 it is (1/6, 2/3, 1/6); with all three
    links it is the Shapley value (1/3, 1/3, 1/3)."""
    game = WeightedGame(2, [1, 1, 1], ["1", "2", "3"])
    cases = {
        "1-2": (Fraction(1, 2), Fraction(1, 2), Fraction(0)),
        "1-2-3": (Fraction(1, 6), Fraction(2, 3), Fraction(1, 6)),
        "1-2-3-1": (Fraction(1, 3),) * 3,
    }
    for edges, expected in cases.items():
        assert power(game, "myerson", graph=edges).exact == expected, edges


@pytest.mark.parametrize("seed", range(6))
def test_myerson_against_its_definition_and_fairness(seed: int) -> None:
    """The value matches the definition, and Myerson's fairness: removing a link changes the
    two members' values by the same amount (Myerson 1977, the axiom characterising it)."""
    rng = random.Random(seed)
    n = rng.randint(3, 6)
    names = [chr(65 + i) for i in range(n)]
    weights = [rng.randint(1, 6) for _ in range(n)]
    game = WeightedGame(sum(weights) // 2 + 1, weights, names)
    pairs = list(itertools.combinations(names, 2))
    edges = rng.sample(pairs, rng.randint(1, len(pairs)))
    graph = Graph.from_edges(game, edges)
    values = power(game, "myerson", graph=graph).exact
    assert list(values) == _myerson_by_definition(game, graph)
    for a, b in edges:
        fewer = Graph.from_edges(game, [e for e in edges if e != (a, b)])
        less = power(game, "myerson", graph=fewer).exact
        i, j = names.index(a), names.index(b)
        assert values[i] - less[i] == values[j] - less[j]


def test_complete_graph_gives_shapley_and_banzhaf() -> None:
    game = WeightedGame(12, [4, 4, 4, 2, 2, 1])
    complete = list(itertools.combinations(game.names, 2))
    assert power(game, "myerson", graph=complete).exact == power(game, "shapley").exact
    assert (
        power(game, "banzhaf_graph", graph=complete).exact == power(game, "banzhaf_absolute").exact
    )


def test_never_together_against_brute_force() -> None:
    """Remove the coalitions containing a never-together pair, keep the games whose winning
    coalitions contain a remaining one, and count swings and pivots over that game."""
    names = ["Taliban", "NRF", "Hezb", "Jamiat", "Hazara"]
    game = WeightedGame(51, [40, 25, 15, 12, 8], names)
    pairs = {(0, 1)}
    coalitions = [frozenset(c) for r in range(6) for c in itertools.combinations(range(5), r)]
    allowed = [
        c
        for c in coalitions
        if game.is_winning(list(c)) and not any(a in c and b in c for a, b in pairs)
    ]

    def wins(s: frozenset[int]) -> bool:
        return any(c <= s for c in allowed)

    swings = [
        sum(wins(c | {i}) and not wins(c) for c in coalitions if i not in c) for i in range(5)
    ]
    pivots = [0] * 5
    for order in itertools.permutations(range(5)):
        for k in range(5):
            if wins(frozenset(order[: k + 1])):
                pivots[order[k]] += 1
                break
    graph = {"never_together": "Taliban+NRF"}
    assert power(game, "banzhaf_graph", graph=graph).counts == tuple(swings)
    assert power(game, "myerson", graph=graph).counts == tuple(pivots)
    assert pivots == [50, 10, 30, 30, 0]  # Shapley-Shubik without the conflict: 60, 20, 20, 20, 0


def test_order_and_minimal_connected_winning() -> None:
    game = WeightedGame(5, [2, 1, 3, 1], ["A", "B", "C", "D"])
    order = Graph.from_order(game, "A < B < C < D")
    assert minimal_connected_winning(game, order) == [("A", "B", "C"), ("B", "C", "D")]
    res = power(game, "holler_connected", graph={"order": ["A", "B", "C", "D"]})
    assert res.exact == (Fraction(1, 6), Fraction(1, 3), Fraction(1, 3), Fraction(1, 6))
    assert res.extra["minimal_connected_winning_coalitions"] == 2


def test_restricted_game_gives_every_index() -> None:
    game = WeightedGame(3, [1, 1, 1, 1], ["L", "CL", "CR", "R"])
    graph = Graph.from_order(game, "L, CL, CR, R")
    restricted = RestrictedGame(game, graph)
    assert power(restricted, "shapley").exact == power(game, "myerson", graph=graph).exact
    assert (
        power(restricted, "banzhaf_absolute").exact
        == power(game, "banzhaf_graph", graph=graph).exact
    )
    table = power_table(restricted, "holler,deegan_packel")
    assert table.results["holler"].exact == power(game, "holler_connected", graph=graph).exact


@pytest.mark.parametrize("seed", range(8))
def test_tree_dp_matches_enumeration(seed: int) -> None:
    rng = random.Random(100 + seed)
    n = rng.randint(2, 11)
    weights = [rng.randint(0, 9) for _ in range(n)]
    weights[0] += 1
    quota = rng.randint(1, sum(weights))
    neighbours: list[list[int]] = [[] for _ in range(n)]
    edges = []
    for i in range(1, n):
        if rng.random() < 0.85:  # a forest
            j = rng.randrange(i)
            neighbours[i].append(j)
            neighbours[j].append(i)
            edges.append((j, i))
    game = WeightedGame(quota, weights)
    graph = Graph.from_edges(game, edges)
    assert tree_marginals_by_size(weights, quota, neighbours) == marginals_by_size(
        GameWithGraph(game, graph)
    )


def test_tree_dp_beyond_enumeration() -> None:
    n = 40
    game = WeightedGame(21, [1] * n)
    res = power(game, "myerson", graph={"order": game.names})
    assert res.method == "graph-tree-dp"
    assert sum(res.exact) == 1 and res.exact[0] < res.exact[n // 2]


def test_scenario_keys_and_errors() -> None:
    body = read_scenario(
        "members: [{name: A, weight: 3}, {name: B, weight: 2}, {name: C, weight: 2}]\n"
        "rule: {quota: 4}\nnever_together: [[A, B]]\n"
    )
    assert body.restriction == {"never_together": [["A", "B"]]}
    graph = Graph.from_spec(body.game, body.restriction)
    # A+C and B+C win; A+B+C cannot form as a whole: C is in every winning coalition
    assert power(body.game, "myerson", graph=graph).exact == (
        Fraction(1, 6),
        Fraction(1, 6),
        Fraction(2, 3),
    )
    with pytest.raises(Exception, match="one of graph, never_together and order"):
        read_scenario(
            "members: [{name: A, weight: 1}, {name: B, weight: 1}]\nrule: {quota: 2}\n"
            "order: [A, B]\ngraph: [[A, B]]\n"
        )
    with pytest.raises(InvalidInputError, match="not members joined by '-'; members are A, B, C"):
        Graph.from_edges(body.game, "A-Z")
    with pytest.raises(InvalidInputError, match="missing: C"):
        Graph.from_order(body.game, "A, B")
    with pytest.raises(InvalidInputError, match="needs a graph"):
        power(body.game, "myerson")


def test_names_with_separators() -> None:
    game = WeightedGame(3, [2, 1, 1], ["Hezb-e Islami", "X", "Y"])
    graph = Graph.from_edges(game, "Hezb-e Islami-X, X-Y")
    assert graph.edges == frozenset({(0, 1), (1, 2)})
    assert "myerson" not in power_table(game, "all").results
