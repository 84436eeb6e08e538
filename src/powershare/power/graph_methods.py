"""Counting methods and indices for games restricted by a graph, an order or conflicts.

Registers, for :func:`powershare.power.power` with ``graph=...``:

=====================  =====================  ==================================================
index key              quantity counted       source
=====================  =====================  ==================================================
``myerson``            ``myerson_pivots``     Myerson (1977): Shapley value of ``v^G``
``banzhaf_graph``      ``graph_swings``       Owen (1986); Alonso-Meijide & Fiestras-Janeiro
                                              (2006): Banzhaf value of ``v^G``
``holler_connected``   ``connected_mwc``      Axelrod (1970) minimal connected winning
                                              coalitions; Holler (1982) public good index
=====================  =====================  ==================================================

``myerson_pivots`` of member ``i`` is ``sum over orderings of v^G(P + i) - v^G(P)`` (``P`` the
members before ``i``), so the Myerson value is the count over ``n!``; ``graph_swings`` is
``sum over S without i of v^G(S + i) - v^G(S)``, over ``2^(n-1)``.  For a proper rule these are
the Shapley-Shubik pivots and Banzhaf swings of :class:`~powershare.power.graph.RestrictedGame`.

Methods: ``graph-enumeration`` (any rule, any graph or conflicts, at most
:data:`~powershare.power.graph.GRAPH_ENUMERATION_MAX_MEMBERS` members: all ``2^n`` coalitions)
and ``graph-tree-dp`` (weighted rules on a path, tree or forest, any number of members, cost
growing with the square of the quota; :mod:`powershare.power.graph_tree`).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from fractions import Fraction

from powershare.games.base import SimpleGame
from powershare.games.lazy_numpy import np
from powershare.games.weighted import WeightedGame
from powershare.power.graph import (
    GRAPH_ENUMERATION_MAX_MEMBERS,
    GameWithGraph,
    restricted_worths,
)
from powershare.power.graph_tree import estimate_tree, tree_marginals_by_size
from powershare.power.indices import IndexSpec, register_index
from powershare.power.registry import CountingMethod, Counts, Estimate, registry

__all__ = ["GRAPH_ENUMERATION", "GRAPH_QUANTITIES", "GRAPH_TREE_DP", "marginals_by_size"]

GRAPH_QUANTITIES = frozenset({"myerson_pivots", "graph_swings", "connected_mwc"})


def _with_graph(game: SimpleGame) -> GameWithGraph:
    assert isinstance(game, GameWithGraph), "requires() admits only games with a graph"
    return game


def _popcounts(n: int) -> np.ndarray:
    masks = np.arange(1 << n, dtype=np.int64)
    sizes = np.zeros(1 << n, dtype=np.int8)
    for i in range(n):
        sizes += ((masks >> i) & 1).astype(np.int8)
    return sizes


def marginals_by_size(game: GameWithGraph) -> list[list[int]]:
    """``m[i][s]``: sum over coalitions ``S`` of ``s`` members without ``i`` of
    ``r(S + i) - r(S)``, ``r`` the restricted game, by enumerating all ``2^n`` coalitions.

    >>> from powershare.power.graph import Graph
    >>> g = WeightedGame(2, [1, 1, 1], ["A", "B", "C"])
    >>> marginals_by_size(GameWithGraph(g, Graph.from_order(g, "A, B, C")))
    [[0, 1, 0], [0, 2, 1], [0, 1, 0]]
    """
    n = game.n
    worth = restricted_worths(game.game, game.graph).astype(np.int64)
    sizes = _popcounts(n)
    out = []
    for i in range(n):
        view = worth.reshape(1 << (n - 1 - i), 2, 1 << i)
        diff = view[:, 1, :] - view[:, 0, :]
        without = sizes.reshape(1 << (n - 1 - i), 2, 1 << i)[:, 0, :]
        by_size = np.bincount(without.ravel(), weights=diff.ravel(), minlength=n)
        out.append([round(float(x)) for x in by_size[:n]])  # exact: |sums| < 2^53
    return out


def _tree_marginals(game: SimpleGame) -> list[list[int]]:
    g = _with_graph(game)
    inner = g.game
    assert isinstance(inner, WeightedGame)
    adj = g.graph.adjacency
    neighbours = [[j for j in range(g.n) if adj[i] >> j & 1] for i in range(g.n)]
    return tree_marginals_by_size(inner.weights, inner.quota, neighbours)


def _pivots(by_size: list[list[int]], n: int) -> Counts:
    fact = [math.factorial(k) for k in range(n + 1)]
    per = tuple(sum(fact[s] * fact[n - 1 - s] * c for s, c in enumerate(row)) for row in by_size)
    return Counts("myerson_pivots", per)


def _swings(by_size: list[list[int]]) -> Counts:
    return Counts("graph_swings", tuple(sum(row) for row in by_size))


def _connected_mwc(game: SimpleGame) -> Counts:
    g = _with_graph(game)
    n = g.n
    win = restricted_worths(g.game, g.graph) > 0
    minimal = win.copy()
    for i in range(n):
        shape = (1 << (n - 1 - i), 2, 1 << i)
        minimal.reshape(shape)[:, 1, :] &= ~win.reshape(shape)[:, 0, :]
    per = tuple(int(minimal.reshape(1 << (n - 1 - i), 2, 1 << i)[:, 1, :].sum()) for i in range(n))
    return Counts(
        "connected_mwc", per, {"minimal_connected_winning_coalitions": int(minimal.sum())}
    )


def _enum_requires(game: SimpleGame, quantity: str) -> str | None:
    if not isinstance(game, GameWithGraph):
        return "it needs a graph, an order or never-together pairs"
    if game.n > GRAPH_ENUMERATION_MAX_MEMBERS:
        return (
            "enumeration of a restricted game visits all 2^n coalitions and is limited to "
            f"{GRAPH_ENUMERATION_MAX_MEMBERS} members; this body has {game.n}"
        )
    return None


def _enum_estimate(game: SimpleGame) -> Estimate:
    g = _with_graph(game)
    n = g.n
    rounds = n if g.graph.restricts_by_components else 2
    seconds = 0.01 + (1 << n) * (6e-9 * n * 4 + 2.5e-8 * rounds)
    return Estimate(seconds, (1 << n) * 80)


def _tree_requires(game: SimpleGame, quantity: str) -> str | None:
    if not isinstance(game, GameWithGraph):
        return "it needs a graph or an order"
    if not isinstance(game.game, WeightedGame):
        return "it needs a weighted game"
    if not game.graph.restricts_by_components:
        return "never-together pairs are not a communication graph"
    if not game.graph.is_forest():
        return "the graph has a cycle; it needs a path, a tree or a forest"
    return None


def _tree_estimate(game: SimpleGame) -> Estimate:
    g = _with_graph(game)
    inner = g.game
    assert isinstance(inner, WeightedGame)
    adj = g.graph.adjacency
    neighbours = [[j for j in range(g.n) if adj[i] >> j & 1] for i in range(g.n)]
    return Estimate(*estimate_tree(inner.quota, neighbours))


def _enum_counter(quantity: str) -> Callable[[SimpleGame], Counts]:
    def count(game: SimpleGame) -> Counts:
        by_size = marginals_by_size(_with_graph(game))
        return _pivots(by_size, game.n) if quantity == "myerson_pivots" else _swings(by_size)

    return count


def _tree_counter(quantity: str) -> Callable[[SimpleGame], Counts]:
    def count(game: SimpleGame) -> Counts:
        by_size = _tree_marginals(game)
        return _pivots(by_size, game.n) if quantity == "myerson_pivots" else _swings(by_size)

    return count


GRAPH_ENUMERATION = registry.register(
    CountingMethod(
        name="graph-enumeration",
        exact=True,
        summary="All 2^n coalitions of the restricted game (Myerson's v^G or conflicts; any "
        f"rule, any graph; n <= {GRAPH_ENUMERATION_MAX_MEMBERS}).",
        reference="Myerson (1977), Math. Oper. Res. 2:225-229; Owen (1986), SIAM J. Algebraic "
        "Discrete Methods 7:210-220; Axelrod (1970), Conflict of Interest",
        counters={
            "myerson_pivots": _enum_counter("myerson_pivots"),
            "graph_swings": _enum_counter("graph_swings"),
            "connected_mwc": _connected_mwc,
        },
        estimators={q: _enum_estimate for q in GRAPH_QUANTITIES},
        requires=_enum_requires,
        family="enumeration",
    )
)
GRAPH_TREE_DP = registry.register(
    CountingMethod(
        name="graph-tree-dp",
        exact=True,
        summary="Exact tree knapsack for the Myerson and graph-restricted Banzhaf values of "
        "weighted rules on a path, tree or forest (no limit on members; cost ~ quota^2).",
        reference="Myerson (1977); Owen (1986); see powershare.power.graph_tree",
        counters={
            "myerson_pivots": _tree_counter("myerson_pivots"),
            "graph_swings": _tree_counter("graph_swings"),
        },
        estimators={"myerson_pivots": _tree_estimate, "graph_swings": _tree_estimate},
        requires=_tree_requires,
        family="generating-function",
    )
)


# -- indices ----------------------------------------------------------------------------------
Values = tuple[tuple[Fraction, ...], int | None]


def _myerson(counts: Counts, game: SimpleGame) -> Values:
    denominator = math.factorial(game.n)
    return tuple(Fraction(c, denominator) for c in counts.per_member), denominator


def _banzhaf_graph(counts: Counts, game: SimpleGame) -> Values:
    denominator = 2 ** (game.n - 1)
    return tuple(Fraction(c, denominator) for c in counts.per_member), denominator


def _holler_connected(counts: Counts, game: SimpleGame) -> Values:
    total = sum(counts.per_member)
    if total == 0:
        return tuple(Fraction(0) for _ in counts.per_member), 0
    return tuple(Fraction(c, total) for c in counts.per_member), total


register_index(
    IndexSpec(
        key="myerson",
        label="Myerson (graph-restricted Shapley)",
        header="Myerson",
        abbreviation="My",
        quantity="myerson_pivots",
        count_label="pivots",
        normalised=False,  # sums to v^G(N): 1 when the whole body can win, else 0
        values=_myerson,
        reference="Myerson (1977), Graphs and cooperation in games, Math. Oper. Res. "
        "2:225-229: the Shapley value of the restricted game v^G",
        needs_graph=True,
        aliases=("myerson_value",),
        without_graph="shapley",
    )
)
register_index(
    IndexSpec(
        key="banzhaf_graph",
        label="Banzhaf, graph-restricted",
        header="Banzhaf (graph)",
        abbreviation="BzG",
        quantity="graph_swings",
        count_label="swings",
        normalised=False,
        values=_banzhaf_graph,
        reference="Owen (1986), Values of graph-restricted games, SIAM J. Algebraic Discrete "
        "Methods 7:210-220; Alonso-Meijide & Fiestras-Janeiro (2006), The Banzhaf value and "
        "communication situations, Naval Research Logistics 53:198-203",
        needs_graph=True,
        aliases=("graph_banzhaf", "banzhaf_restricted"),
        without_graph="banzhaf_absolute",
    )
)
register_index(
    IndexSpec(
        key="holler_connected",
        label="Holler over minimal connected winning coalitions",
        header="Holler (connected)",
        abbreviation="PGIc",
        quantity="connected_mwc",
        count_label="mcw",
        normalised=True,
        values=_holler_connected,
        reference="Axelrod (1970), Conflict of Interest, ch. 8 (minimal connected winning "
        "coalitions); Holler (1982), Political Studies 30:262-271 (public good index)",
        needs_graph=True,
        aliases=("mcw", "pgi_connected"),
        without_graph="holler",
    )
)
