"""Benchmark the Myerson value of restricted games against the issue's target.

Target: the Myerson value for 20 parties on a path or a tree, exact, in under 10 s.  Each line
times both exact methods (the tree knapsack ``graph-tree-dp`` and the enumeration of all 2^n
coalitions ``graph-enumeration``) and checks they agree; larger paths use the tree method only.
Run: ``python bench/bench_graph.py`` (with ``src`` importable).
"""

from __future__ import annotations

import random
import time

from powershare.games.weighted import WeightedGame
from powershare.power import Graph, power

TARGET_SECONDS = 10.0


def _game(n: int, seed: int) -> WeightedGame:
    rng = random.Random(seed)
    weights = [rng.randint(1, 30) for _ in range(n)]
    names = [f"P{i + 1}" for i in range(n)]
    return WeightedGame(sum(weights) // 2 + 1, weights, names)


def _tree(game: WeightedGame, seed: int) -> Graph:
    rng = random.Random(seed)
    edges = [(game.names[rng.randrange(i)], game.names[i]) for i in range(1, game.n)]
    return Graph.from_edges(game, edges)


def _time(game: WeightedGame, graph: Graph, method: str) -> tuple[float, tuple[object, ...]]:
    start = time.perf_counter()
    result = power(game, "myerson", graph=graph, method=method)
    return time.perf_counter() - start, tuple(result.exact)


def main() -> None:
    """Print measured times and whether the target is met."""
    print(f"{'case':<28} {'method':<18} {'seconds':>9}  target {TARGET_SECONDS:.0f} s")
    for n in (20, 40):
        game = _game(n, n)
        shapes = [("path", Graph.from_order(game, game.names))]
        if n == 20:
            shapes.append(("tree", _tree(game, 7)))
        for shape, graph in shapes:
            methods = ["graph-tree-dp", "graph-enumeration"] if n <= 20 else ["graph-tree-dp"]
            values = []
            for method in methods:
                seconds, exact = _time(game, graph, method)
                values.append(exact)
                ok = "met" if seconds < TARGET_SECONDS else "MISSED"
                print(f"{f'{n} parties, {shape}':<28} {method:<18} {seconds:>9.3f}  {ok}")
            assert all(v == values[0] for v in values), "the methods disagree"


if __name__ == "__main__":
    main()
