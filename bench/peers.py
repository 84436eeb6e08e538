"""One timed run of one tool on one game, in its own process (started by ``bench/run.py``).

    python bench/peers.py --tool powerindex --index banzhaf --game game.json --out result.json

Each adapter calls a peer's public API as its documentation and source show; nothing of the
peers' code is copied here.  The clock covers building the tool's game object and computing
the index (not the interpreter start, imports, or an untimed warm-up call on a tiny game that
loads whatever a tool imports lazily).  The result is written as JSON to ``--out``:
``{"status": "ok", "seconds": ..., "values": [...]}``, where ours gives exact values as
``"p/q"`` strings and peers give floats (normalised Banzhaf where the peer returns the
absolute measure is normalised by ``run.py``, not here, so that it is not timed); or
``{"status": "n/a" | "not available" | "not installed" | "error", "detail": "..."}``.

Peers (read in their installed sources):

* ``powerindex`` (``powerindex.Game(quota, weights)``; ``calc_banzhaf()`` /
  ``calc_shapley_shubik()``): generating functions over Python lists of Python integers.
* ``powerindices`` (``compute_pbi(quota, weights)`` / ``compute_ssi``): generating functions in
  numpy ``int64`` arrays; returns the absolute Banzhaf (Penrose) measure.
* ``power-bdd`` (``power_bdd.bdd.BDD(WeightedGame(q, w))``; ``calc_banzhaf()`` /
  ``calc_shapley()``): reduced ordered BDD after Bolus (2011), built recursively; returns the
  absolute Banzhaf measure.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import sys
import time
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any

#: Tools in table order; ``ours`` is powershare.
TOOLS: tuple[str, ...] = ("ours", "powerindex", "powerindices", "power-bdd")
#: Distribution names, for versions.
DISTRIBUTIONS: dict[str, str] = {
    "ours": "powershare",
    "powerindex": "powerindex",
    "powerindices": "powerindices",
    "power-bdd": "power-bdd",
}
#: Indices each peer computes (ours: whatever powershare has registered).
PEER_INDICES: dict[str, frozenset[str]] = {
    "powerindex": frozenset({"banzhaf", "shapley"}),
    "powerindices": frozenset({"banzhaf", "shapley"}),
    "power-bdd": frozenset({"banzhaf", "shapley"}),
}
#: Tiny game for the untimed warm-up call (EEC Council 1958).
WARM_UP_GAME: tuple[int, list[int]] = (12, [4, 4, 4, 2, 2, 1])
#: Peers whose Banzhaf is the absolute (Penrose) measure, normalised by the harness.
ABSOLUTE_BANZHAF: frozenset[str] = frozenset({"powerindices", "power-bdd"})


class Unavailable(Exception):
    """The tool cannot run this index here (not registered / not installed)."""

    def __init__(self, status: str, detail: str) -> None:
        super().__init__(detail)
        self.status = status
        self.detail = detail


def supports(tool: str, index: str) -> bool:
    """Whether a peer computes this index (ours is asked at run time)."""
    return tool == "ours" or index in PEER_INDICES.get(tool, frozenset())


# ---------------------------------------------------------------------------------------------
# Adapters: ``prepare(index)`` imports the tool (untimed) and returns a runner
# ``run(quota, weights) -> (values, extra)``, which is timed as a whole.

Runner = Callable[[int, list[int]], tuple[list[Any], dict[str, Any]]]


def _ours_prepare(index: str) -> Runner:
    try:
        from powershare import WeightedGame, power
        from powershare.power import INDICES, Limits
    except ImportError as exc:
        raise Unavailable("not installed", f"powershare: {exc}") from exc
    if index not in INDICES:
        raise Unavailable("not available", f"index {index!r} is not registered in powershare")
    # The benchmark must never be refused by the planner's limits.
    limits = Limits(max_seconds=1e12, max_bytes=1 << 62)

    from powershare.power.registry import registry

    def warm_up() -> None:
        """Every registered method on the tiny game: loads what each imports lazily (gmpy2 for
        the generating functions, numba's loops for the compiled ones), as for the peers."""
        for method in registry.names():
            with contextlib.suppress(Exception):
                power(WeightedGame(*WARM_UP_GAME), index, method=method, limits=limits)

    def run(quota: int, weights: list[int]) -> tuple[list[Any], dict[str, Any]]:
        result = power(WeightedGame(quota, weights), index, limits=limits)
        if result.exact is None:
            values: list[Any] = list(result.floats)
        else:
            values = [f"{v.numerator}/{v.denominator}" for v in result.exact]
        return values, {"method": result.method, "is_exact": result.is_exact}

    warm_up()  # untimed, like the import
    return run


def _powerindex_prepare(index: str) -> Runner:
    try:
        import powerindex
    except ImportError as exc:
        raise Unavailable("not installed", f"powerindex: {exc}") from exc

    def run(quota: int, weights: list[int]) -> tuple[list[Any], dict[str, Any]]:
        game = powerindex.Game(quota, weights=list(weights))
        if index == "banzhaf":
            game.calc_banzhaf()
            return [float(v) for v in game.banzhaf], {}
        game.calc_shapley_shubik()
        return [float(v) for v in game.shapley_shubik], {}

    return run


def _powerindices_prepare(index: str) -> Runner:
    try:
        import powerindices
    except ImportError as exc:
        raise Unavailable("not installed", f"powerindices: {exc}") from exc

    def run(quota: int, weights: list[int]) -> tuple[list[Any], dict[str, Any]]:
        # Both functions modify the weight list in place: hand them a copy.
        if index == "banzhaf":
            return [float(v) for v in powerindices.compute_pbi(quota, list(weights))], {}
        return [float(v) for v in powerindices.compute_ssi(quota, list(weights))], {}

    return run


def _power_bdd_prepare(index: str) -> Runner:
    try:
        from power_bdd import bdd
    except ImportError as exc:
        raise Unavailable("not installed", f"power-bdd: {exc}") from exc

    def run(quota: int, weights: list[int]) -> tuple[list[Any], dict[str, Any]]:
        # The BDD is built and traversed recursively, one level per member.
        sys.setrecursionlimit(max(sys.getrecursionlimit(), 10 * len(weights) + 1000))
        diagram = bdd.BDD(bdd.WeightedGame(quota, list(weights)))
        values = diagram.calc_banzhaf() if index == "banzhaf" else diagram.calc_shapley()
        nodes = sum(len(level) for level in diagram.uniqueTable)
        return [float(v) for v in values], {"bdd_nodes": nodes}

    return run


PREPARE: dict[str, Callable[[str], Runner]] = {
    "ours": _ours_prepare,
    "powerindex": _powerindex_prepare,
    "powerindices": _powerindices_prepare,
    "power-bdd": _power_bdd_prepare,
}


def run_once(tool: str, index: str, quota: int, weights: list[int]) -> dict[str, Any]:
    """Time one run; never raises (errors become ``{"status": "error", ...}``)."""
    if not supports(tool, index):
        return {"status": "n/a", "detail": f"{tool} does not compute {index}"}
    try:
        run = PREPARE[tool](index)
    except Unavailable as exc:
        return {"status": exc.status, "detail": exc.detail}
    # Untimed warm-up on a tiny game loads whatever the tool imports lazily; errors are left to
    # the timed run to report.
    with contextlib.suppress(Exception):
        run(*WARM_UP_GAME)
    start = time.perf_counter()
    try:
        values, extra = run(quota, weights)
    except BaseException as exc:  # MemoryError, RecursionError, anything a peer raises
        seconds = time.perf_counter() - start
        detail = f"{type(exc).__name__}: {exc}".strip().rstrip(":")
        return {
            "status": "error",
            "detail": detail[:300],
            "seconds": seconds,
            "traceback": traceback.format_exc(limit=4)[-2000:],
        }
    seconds = time.perf_counter() - start
    return {"status": "ok", "seconds": seconds, "values": values, **extra}


def main(argv: list[str] | None = None) -> int:
    """Worker entry point."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tool", required=True, choices=TOOLS)
    parser.add_argument("--index", required=True)
    parser.add_argument("--game", required=True, type=Path, help="JSON with quota and weights")
    parser.add_argument("--out", required=True, type=Path, help="where to write the result")
    args = parser.parse_args(argv)
    game = json.loads(args.game.read_text(encoding="utf-8"))
    result = run_once(args.tool, args.index, int(game["quota"]), [int(w) for w in game["weights"]])
    args.out.write_text(json.dumps(result), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
