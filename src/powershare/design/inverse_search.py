"""The three searches of :func:`powershare.design.inverse.design_weights`.

* :func:`exhaustive_search`: every weight vector and quota (Kurz 2012; de Keijzer, Klos &
  Zhang 2014);
* :func:`iterative_search`: the damped fixed-point weight update (Laruelle & Widgren 1998;
  Leech 2002);
* :func:`local_search`: integer transfers of weight between members and quota changes (Kurz
  2012).

They share a :class:`WeightSearch`: exact evaluation with a cache, the best rule so far, the
time budget and progress reports.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
import numpy.typing as npt

from powershare.design._common import Budget, Progress, quota_bounds
from powershare.design.distance import DISTANCES
from powershare.design.evaluate import banzhaf_all_quotas, counts_as_floats, power_shares
from powershare.design.weight_space import project_weights, weight_vectors
from powershare.games.quota import parse_quota

__all__ = [
    "WeightSearch",
    "exhaustive_search",
    "iterative_search",
    "local_search",
    "vector_distance",
]


class WeightSearch:
    """Evaluation with a cache, the incumbent, budget and progress."""

    def __init__(
        self,
        target: tuple[float, ...],
        index: str,
        kind: str,
        quota_spec: tuple[object, object] | object,
        fixed_quota: bool,
        budget: Budget,
        progress: Progress | None,
    ) -> None:
        self.target = target
        self.index = index
        self.dist = DISTANCES[kind]
        self.kind = kind
        self.quota_spec = quota_spec
        self.fixed_quota = fixed_quota
        self.budget = budget
        self.progress = progress
        self.cache: dict[tuple[tuple[int, ...], int], tuple[float, tuple[float, ...]]] = {}
        self.evaluations = 0
        self.best: tuple[float, tuple[int, ...], int, tuple[float, ...]] | None = None

    def quotas(self, total: int) -> tuple[int, int]:
        """The allowed quotas ``lo..hi`` at total weight ``total``."""
        if self.fixed_quota:
            q = max(1, min(total, parse_quota(self.quota_spec).resolve(total)))
            return q, q
        lo_hi = self.quota_spec
        assert isinstance(lo_hi, tuple)
        return quota_bounds(lo_hi, total)

    def evaluate(self, w: tuple[int, ...], q: int) -> float:
        """Distance to the target of ``[q; w]`` (cached)."""
        key = (w, q)
        hit = self.cache.get(key)
        if hit is None:
            p = power_shares(w, q, self.index)
            hit = (self.dist(p, self.target), p)
            self.cache[key] = hit
            self.evaluations += 1
            self.offer(hit[0], w, q, hit[1])
        return hit[0]

    def offer(self, d: float, w: tuple[int, ...], q: int, p: tuple[float, ...]) -> None:
        """Keep ``(d, w, q, p)`` when it beats the best rule so far."""
        if self.best is None or d < self.best[0] - 1e-15:
            self.best = (d, w, q, p)
            if self.progress:
                self.progress(self.evaluations, None, f"best distance {d:.6g}")

    def best_quota(self, w: tuple[int, ...]) -> tuple[int, float]:
        """The best quota for weights ``w`` (all quotas in the range; when the budget runs out
        part-way, the best of those evaluated: at least one is)."""
        lo, hi = self.quotas(sum(w))
        if self.index in ("banzhaf", "banzhaf_absolute") and hi > lo:
            table = counts_as_floats(banzhaf_all_quotas(w)[lo - 1 : hi])
            sums = table.sum(axis=1, keepdims=True)
            shares = table / np.where(sums > 0, sums, 1.0)
            dists = vector_distance(shares, self.target, self.kind)
            self.evaluations += hi - lo + 1
            best_q = lo + int(np.argmin(dists))
            return best_q, self.evaluate(w, best_q)
        best_q, best_d = lo, math.inf
        for q in range(lo, hi + 1):
            if q > lo and self.budget.expired():  # one count per quota: thousands at large totals
                break
            d = self.evaluate(w, q)
            if d < best_d:
                best_q, best_d = q, d
        return best_q, best_d


def vector_distance(
    shares: npt.NDArray[np.float64], target: Sequence[float], kind: str
) -> npt.NDArray[np.float64]:
    """Distances of each row of ``shares`` to ``target`` (screening only; the winner is
    re-evaluated with :mod:`powershare.design.distance`)."""
    t = np.asarray(target, dtype=np.float64)
    gap = np.abs(shares - t)
    if kind == "max_abs":
        out = gap.max(axis=1)
    elif kind == "l1":
        out = gap.sum(axis=1)
    elif kind == "l2":
        out = np.sqrt((gap**2).sum(axis=1))
    else:
        with np.errstate(divide="ignore", invalid="ignore"):
            rel = np.where(t > 0, gap / np.where(t > 0, t, 1.0), np.where(gap > 0, np.inf, 0.0))
        out = rel.max(axis=1)
    return np.asarray(out, dtype=np.float64)


def exhaustive_search(
    search: WeightSearch,
    total: int,
    lo: Sequence[int],
    hi: Sequence[int],
    uniform: bool,
    n_vectors: int,
) -> bool:
    """Enumerate; returns whether optimality is proven: the whole space was covered, or a
    rule at distance 0 was found (nothing can be closer), which ends the search early."""
    t = search.target
    n = len(t)
    order = sorted(range(n), key=lambda i: -t[i])  # members by decreasing target
    sorted_target = tuple(t[i] for i in order)
    qlo, qhi = search.quotas(total)
    banzhaf = search.index in ("banzhaf", "banzhaf_absolute")
    for j, w in enumerate(weight_vectors(total, lo, hi, uniform)):
        if j and search.budget.expired():  # every vector: one may cost seconds (below)
            return False
        if j % 256 == 0 and search.progress:
            search.progress(j, n_vectors, "weight vectors")
        table = banzhaf_all_quotas(w) if banzhaf and qhi > qlo else None
        for q in range(qlo, qhi + 1):
            if table is None and q > qlo and search.budget.expired():
                return False  # one count per quota (Holler at 5,000 quotas: 3 s a vector)
            if table is not None:
                row = [int(c) for c in table[q - 1]]
                s = sum(row)
                p = tuple(c / s for c in row) if s else tuple(0.0 for _ in row)
            else:
                p = power_shares(w, q, search.index)
            search.evaluations += 1
            if uniform:
                # match sorted power to sorted target: optimal for every distance offered
                by_power = sorted(range(n), key=lambda i: -p[i])
                ps = tuple(p[i] for i in by_power)
                d = search.dist(ps, sorted_target)
                if search.best is None or d < search.best[0] - 1e-15:
                    weights = [0] * n
                    power = [0.0] * n
                    for k in range(n):
                        weights[order[k]] = w[by_power[k]]
                        power[order[k]] = p[by_power[k]]
                    search.offer(d, tuple(weights), q, tuple(power))
            else:
                d = search.dist(p, t)
                if search.best is None or d < search.best[0] - 1e-15:
                    search.offer(d, w, q, p)
            if search.best is not None and search.best[0] == 0:
                return True
    return True


def iterative_search(
    search: WeightSearch,
    total: int,
    lo: Sequence[int],
    hi: Sequence[int],
    start: Sequence[float],
    max_iterations: int,
) -> int:
    """Damped multiplicative fixed-point updates; returns the number of iterations."""
    t = search.target
    x = [max(float(v), 1e-9) for v in start]
    s = sum(x)
    x = [v / s for v in x]
    eta = 1.0
    best_here = math.inf
    stale = 0
    it = 0
    for it in range(1, max_iterations + 1):
        if search.budget.expired():
            break
        w = tuple(project_weights(x, lo, hi, total))
        q, d = search.best_quota(w)
        p = search.cache[(w, q)][1]
        if search.progress:
            search.progress(it, max_iterations, f"iteration {it}, distance {d:.3g}")
        if d < best_here - 1e-12:
            best_here = d
            stale = 0
        else:
            stale += 1
            eta *= 0.7
            if stale >= 12 or eta < 1e-3:
                break
        if d == 0:
            break
        for i in range(len(x)):
            ratio = (t[i] / p[i]) if p[i] > 0 else 2.0
            if t[i] == 0:
                ratio = 0.5
            x[i] *= ratio**eta
        s = sum(x)
        x = [v / s for v in x]
    return it


def local_search(search: WeightSearch, lo: Sequence[int], hi: Sequence[int]) -> bool:
    """First-improvement transfers between members; returns whether a local optimum was hit."""
    assert search.best is not None
    _d, w0, q0, _p = search.best
    w = list(w0)
    q = q0
    total = sum(w)
    n = len(w)
    cur = search.evaluate(tuple(w), q)
    delta = max(1, total // (20 * n))
    t = search.target
    while True:
        if search.budget.expired():
            return False
        improved = False
        p = search.cache[(tuple(w), q)][1]
        gaps = [p[i] - t[i] for i in range(n)]
        k = n if delta == 1 else min(n, 6)  # full scan only at the finest step
        givers = sorted(range(n), key=lambda i: -gaps[i])[:k]
        takers = sorted(range(n), key=lambda i: gaps[i])[:k]
        for i in givers:
            for j in takers:
                if i == j or w[i] - delta < lo[i] or w[j] + delta > hi[j]:
                    continue
                w[i] -= delta
                w[j] += delta
                d = search.evaluate(tuple(w), q)
                if d < cur - 1e-15:
                    cur = d
                    improved = True
                    break
                w[i] += delta
                w[j] -= delta
                if search.budget.expired():
                    return False
            if improved:
                break
        if not improved:
            qlo, qhi = search.quotas(total)
            for dq in (delta, -delta, 1, -1):
                if qlo <= q + dq <= qhi:
                    d = search.evaluate(tuple(w), q + dq)
                    if d < cur - 1e-15:
                        cur, q, improved = d, q + dq, True
                        break
        if not improved:
            if delta == 1:
                return True
            delta = max(1, delta // 2)
