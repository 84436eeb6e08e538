"""The least core of a weighted prize game as one compact linear programme.

The least core asks for shares ``y`` (one per type of interchangeable members) and the
smallest ``t`` with ``y . c >= 1 - t`` for every winning coalition ``c``: one constraint per
winning coalition, ``2^n`` of them.  For a weighted game the cheapest winning coalition at
prices ``y`` is a shortest path in a layered graph: node ``(s, r)`` says "the first ``s``
types hold ``r`` votes" (``r`` capped at the quota ``q``), and an edge from ``(s, r)`` to
``(s + 1, min(r + k w_s, q))`` takes ``k`` members of type ``s`` at cost ``k y_s``.  By linear
programming duality a shortest path is at least ``L`` iff there are node *potentials* ``p``
with ``p(0, 0) = 0``, ``p(v) <= p(u) + cost(u, v)`` on every edge and ``p(T, q) >= L``
(Ahuja, Magnanti & Orlin 1993, *Network Flows*, ch. 4).  So the exponential family of
constraints becomes ``O(n q)`` constraints in ``O(T q)`` extra variables, and one sparse
linear programme gives the least-core value ``eps*`` and an optimal division.  This is the
pseudo-polynomial view of weighted voting games of Elkind, Goldberg, Goldberg & Wooldridge
(2009), "On the computational complexity of weighted voting games", Annals of Mathematics
and Artificial Intelligence 56:109-131, which computes the least core by a pseudo-polynomial
separation oracle; written as potentials the oracle is no longer needed.

The dual of the compact programme is a flow of one unit from ``(0, 0)`` to ``(T, q)``; its
paths are the winning coalitions that are tight in *every* least-core division (positive
duals, by complementary slackness), which :func:`tight_coalitions` reads off so that the
nucleolus's next stage starts from them.

>>> from powershare.structure.least_core_dp import least_core_lp
>>> sol = least_core_lp((3,), (1,), 2, (0.0,))  # three equal members, two of three win
>>> round(sol.value, 9), [round(v, 9) for v in sol.shares], sol.tight
(0.333333333, [0.333333333], ((2,),))
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from powershare.errors import MethodNotApplicableError, ResourceLimitError

__all__ = ["COMPACT_MAX_EDGES", "LeastCoreLP", "compact_edges", "least_core_lp"]

COMPACT_MAX_EDGES = 400_000
"""Largest number of graph edges (constraints) of the compact programme; beyond it the
nucleolus falls back to constraint generation."""

Floats = npt.NDArray[np.float64]


@dataclass(frozen=True)
class LeastCoreLP:
    """The optimum of the compact least-core programme (floating point, from HiGHS).

    Attributes
    ----------
    value
        ``eps*``, the least-core value.
    shares
        An optimal share per type.
    tight
        Count vectors of winning coalitions carrying the dual flow: tight in every optimum.
    """

    value: float
    shares: tuple[float, ...]
    tight: tuple[tuple[int, ...], ...]


def _layers(sizes: Sequence[int], weights: Sequence[int], quota: int) -> list[list[int]]:
    """Reachable vote totals (capped at the quota) before each type, and after the last."""
    layers = [[0]]
    for m, w in zip(sizes, weights, strict=True):
        nxt = sorted({min(r + k * w, quota) for r in layers[-1] for k in range(m + 1)})
        layers.append(nxt)
    return layers


def compact_edges(sizes: Sequence[int], weights: Sequence[int], quota: int) -> int:
    """Number of edges of the layered graph, without building it (an upper bound computed
    layer by layer: reachable totals times choices).

    >>> compact_edges((1, 1), (2, 1), 3)
    8
    """
    reach = 1
    edges = 0
    for m, w in zip(sizes, weights, strict=True):
        edges += reach * (m + 1)
        reach = min(quota + 1, reach + m * w)
    return edges


def least_core_lp(
    sizes: Sequence[int],
    weights: Sequence[int],
    quota: int,
    lower: Sequence[float],
    *,
    share_of: tuple[int, float] | None = None,
    seconds: float | None = None,
) -> LeastCoreLP:
    """Solve the least core of the weighted prize game compactly.

    Parameters
    ----------
    sizes, weights
        Per type, the number of members and their weight (capped at the quota).
    quota
        The quota (at least 1).
    lower
        Per type, the least share of one member (1 for a member that wins alone, else 0).
    share_of
        ``(type, eps)``: instead of the least-core value, minimise the share of one member of
        that type over the divisions whose largest excess is at most ``eps`` (its range in the
        least core; maximise it by passing the type as ``-1 - type``).
    seconds
        Time limit of the solver (``None``: none).

    Raises
    ------
    ResourceLimitError
        The solver reached the time limit.
    MethodNotApplicableError
        If HiGHS reports another failure.
    """
    from scipy.optimize import linprog
    from scipy.sparse import coo_matrix

    tcount = len(sizes)
    layers = _layers(sizes, weights, quota)
    index: dict[tuple[int, int], int] = {}
    for s, layer in enumerate(layers):
        for r in layer:
            index[(s, r)] = tcount + 1 + len(index)
    nvar = tcount + 1 + len(index)  # y_0..y_{T-1}, t, potentials
    rows: list[int] = []
    cols: list[int] = []
    vals: list[float] = []
    edges: list[tuple[int, int, int, int]] = []  # (s, r, k, r') per constraint row
    row = 0
    for s in range(tcount):
        for r in layers[s]:
            for k in range(sizes[s] + 1):
                nxt = min(r + k * weights[s], quota)
                # p(s+1, nxt) - p(s, r) - k y_s <= 0
                rows += [row, row]
                cols += [index[(s + 1, nxt)], index[(s, r)]]
                vals += [1.0, -1.0]
                if k:
                    rows.append(row)
                    cols.append(s)
                    vals.append(-float(k))
                edges.append((s, r, k, nxt))
                row += 1
    # -p(T, q) - t <= -1
    rows += [row, row]
    cols += [index[(tcount, quota)], tcount]
    vals += [-1.0, -1.0]
    row += 1
    a_ub = coo_matrix((vals, (rows, cols)), shape=(row, nvar)).tocsr()
    b_ub = np.zeros(row)
    b_ub[-1] = -1.0
    a_eq = np.zeros((2, nvar))
    a_eq[0, :tcount] = sizes
    a_eq[1, index[(0, 0)]] = 1.0
    cost = np.zeros(nvar)
    t_bound: tuple[float | None, float | None] = (None, None)
    if share_of is None:
        cost[tcount] = 1.0
    else:
        which, eps = share_of
        cost[which if which >= 0 else -1 - which] = 1.0 if which >= 0 else -1.0
        t_bound = (None, eps + 1e-12)
    bounds = [(float(lo), None) for lo in lower] + [t_bound] + [(None, None)] * len(index)
    res = linprog(
        cost,
        A_ub=a_ub,
        b_ub=b_ub,
        A_eq=a_eq,
        b_eq=np.array([1.0, 0.0]),
        bounds=bounds,
        method="highs-ds",
        options={} if seconds is None else {"time_limit": max(seconds, 1e-3)},
    )
    if res.status == 1:
        raise ResourceLimitError(
            f"the least-core linear programme ({row:,} constraints) reached its time limit of "
            f"{seconds:g} s"
        )
    if res.status != 0:
        raise MethodNotApplicableError(f"the least-core linear programme failed: {res.message}")
    flow = -np.asarray(res.ineqlin.marginals)[:-1]
    return LeastCoreLP(
        float(res.x[tcount]), tuple(float(v) for v in res.x[:tcount]), _paths(edges, flow, tcount)
    )


def _paths(
    edges: Sequence[tuple[int, int, int, int]], flow: Floats, tcount: int, tol: float = 1e-9
) -> tuple[tuple[int, ...], ...]:
    """Decompose the unit flow into paths from ``(0, 0)``: each path is a winning coalition
    (its count vector) carrying positive flow."""
    out_edges: dict[tuple[int, int], list[list[float | int]]] = {}
    for (s, r, k, nxt), f in zip(edges, flow, strict=True):
        if f > tol:
            out_edges.setdefault((s, r), []).append([float(f), k, nxt])
    found: list[tuple[int, ...]] = []
    for _ in range(200):
        node = (0, 0)
        counts: list[int] = []
        path: list[list[float | int]] = []
        while node[0] < tcount:
            options = [e for e in out_edges.get(node, []) if float(e[0]) > tol]
            if not options:
                break
            edge = max(options, key=lambda e: float(e[0]))
            path.append(edge)
            counts.append(int(edge[1]))
            node = (node[0] + 1, int(edge[2]))
        if len(counts) < tcount or not path:
            break
        bottleneck = min(float(e[0]) for e in path)
        for e in path:
            e[0] = float(e[0]) - bottleneck
        found.append(tuple(counts))
    return tuple(dict.fromkeys(found))
