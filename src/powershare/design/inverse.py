"""The inverse problem: weights and a quota whose power is closest to a target.

Given a target power vector, an index and bounds, :func:`design_weights` searches weighted
games ``[q; w_1, ..., w_n]`` for the one whose normalised power is closest to the target under
a chosen distance, and says what it searched and whether the answer is proven optimal.

Methods
-------
``exhaustive``
    Every integer weight vector with the given total (members' bounds respected) and every
    quota in the range.  With the same bounds for everyone only non-increasing vectors are
    generated and their power values are matched to the targets in sorted order, which is
    optimal for every distance offered (see :mod:`powershare.design.distance`).  Proves
    optimality over that space (exact enumeration, as in Kurz 2012, "On the inverse power
    index problem", Optimization 61:989-1011; de Keijzer, Klos & Zhang 2014, "Finding optimal
    solutions for voting game design problems", JAIR 50:105-140).
``iterative``
    The fixed-point weight update of Laruelle & Widgren (1998, "Is the allocation of voting
    power among EU states fair?", Public Choice 94:317-339) and Leech (2002, "Designing the
    voting system for the Council of the European Union", Public Choice 113:437-464): raise
    the weights of members below target and lower those above, ``w_i <- w_i (t_i / p_i)^eta``
    (multiplicative, damped), re-optimising the quota each step.
``local``
    Integer local search (Kurz 2012): move ``delta`` units of weight from a member above
    target to one below, keep improving moves, halve ``delta`` when none improves, stop at a
    local optimum (no single transfer of one unit, or quota change, improves).
``auto``
    ``exhaustive`` when the space is small enough (``max_candidates``), else ``iterative``
    followed by ``local``.

Exact counts are used for every evaluation (the swing and pivot kernels of
:mod:`powershare.power.kernels`; Banzhaf for all quotas at once by
:func:`~powershare.design.evaluate.banzhaf_all_quotas`).
"""

from __future__ import annotations

import math
import time
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from powershare.design._common import Budget, Progress, check_target, quota_bounds
from powershare.design.distance import DISTANCES, get_distance
from powershare.design.evaluate import banzhaf_all_quotas, canonical_index, power_shares
from powershare.errors import InvalidInputError
from powershare.games.base import validate_names
from powershare.games.quota import parse_quota
from powershare.games.weighted import WeightedGame

__all__ = [
    "DESIGN_METHODS",
    "DesignResult",
    "bounds_around",
    "count_weight_vectors",
    "design_weights",
]

DESIGN_METHODS = ("auto", "exhaustive", "iterative", "local")
DEFAULT_RESOLUTION = 10_000


@dataclass(frozen=True)
class DesignResult:
    """The best rule found by :func:`design_weights`.

    Attributes
    ----------
    names, weights, quota
        The rule ``[quota; weights]`` (integer weights).
    power
        Normalised power of each member under ``index`` (from exact counts).
    target
        The target shares.
    distance
        Distance between ``power`` and ``target`` (``distance_kind``).
    proven_optimal
        ``True`` only when an exhaustive search covered the whole space described in
        ``searched``.
    searched
        What was searched, in words (space, size, method, stopping reason).
    evaluations
        Number of rules evaluated.
    stopped_by_budget
        Whether the time budget ended the search (the result is then the best so far).
    """

    names: tuple[str, ...]
    weights: tuple[int, ...]
    quota: int
    power: tuple[float, ...]
    target: tuple[float, ...]
    distance: float
    distance_kind: str
    index: str
    method: str
    proven_optimal: bool
    searched: str
    evaluations: int
    seconds: float
    stopped_by_budget: bool

    @property
    def game(self) -> WeightedGame:
        """The designed rule as a :class:`~powershare.games.weighted.WeightedGame`."""
        return WeightedGame(self.quota, list(self.weights), list(self.names))

    @property
    def total_weight(self) -> int:
        """Sum of the weights."""
        return sum(self.weights)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready description."""
        total = self.total_weight
        return {
            "rule": self.game.notation(),
            "quota": self.quota,
            "quota_share": self.quota / total,
            "total_weight": total,
            "index": self.index,
            "distance": self.distance,
            "distance_kind": self.distance_kind,
            "method": self.method,
            "proven_optimal": self.proven_optimal,
            "searched": self.searched,
            "evaluations": self.evaluations,
            "seconds": self.seconds,
            "stopped_by_budget": self.stopped_by_budget,
            "members": [
                {
                    "name": name,
                    "weight": self.weights[i],
                    "power": self.power[i],
                    "target": self.target[i],
                    "gap": self.power[i] - self.target[i],
                }
                for i, name in enumerate(self.names)
            ],
        }


# ---------------------------------------------------------------------------------------------
# Bounds
# ---------------------------------------------------------------------------------------------
def _per_member(value: int | Sequence[int] | None, n: int, what: str, default: int) -> list[int]:
    if value is None:
        return [default] * n
    if isinstance(value, int) and not isinstance(value, bool):
        return [value] * n
    vals = list(value)  # type: ignore[arg-type]
    if len(vals) != n:
        raise InvalidInputError(f"{what} has {len(vals)} values for {n} members; give one each")
    out = []
    for v in vals:
        if isinstance(v, bool) or not isinstance(v, int) or v < 0:
            raise InvalidInputError(f"{what} value {v!r} must be a whole number, 0 or more")
        out.append(int(v))
    return out


def bounds_around(
    values: Sequence[float], total: int, relative: float
) -> tuple[list[int], list[int]]:
    """Per-member weight bounds within ``relative`` of proportionality to ``values``.

    Member ``i`` may get between ``(1 - relative)`` and ``(1 + relative)`` times
    ``total * v_i / sum(v)`` (rounded outwards): weights tied to population within bounds.
    """
    if not relative >= 0:
        raise InvalidInputError(f"relative bound {relative!r} must be 0 or more")
    vs = [float(v) for v in values]
    if any(v < 0 for v in vs) or sum(vs) <= 0:
        raise InvalidInputError("values must be non-negative with a positive sum")
    s = sum(vs)
    lo = [max(0, math.floor(total * v / s * (1 - relative))) for v in vs]
    hi = [math.ceil(total * v / s * (1 + relative)) for v in vs]
    return lo, hi


def _project(x: Sequence[float], lo: Sequence[int], hi: Sequence[int], total: int) -> list[int]:
    """Integer weights summing to ``total`` within ``[lo, hi]``, near proportional to ``x``.

    Finds ``lam`` with ``sum clip(lam x_i, lo_i, hi_i) = total`` by bisection, then rounds by
    largest remainders within the bounds.
    """
    xs = [max(v, 1e-12) for v in x]

    def filled(lam: float) -> float:
        return sum(min(max(lam * v, a), b) for v, a, b in zip(xs, lo, hi, strict=True))

    a, b = 0.0, 1.0
    while filled(b) < total and b < 1e30:
        b *= 2
    for _ in range(100):
        mid = (a + b) / 2
        if filled(mid) < total:
            a = mid
        else:
            b = mid
    real = [min(max(b * v, lo_i), hi_i) for v, lo_i, hi_i in zip(xs, lo, hi, strict=True)]
    ints = [min(max(math.floor(r), lo_i), hi_i) for r, lo_i, hi_i in zip(real, lo, hi, strict=True)]
    rest = total - sum(ints)
    order = sorted(range(len(xs)), key=lambda i: real[i] - ints[i], reverse=rest > 0)
    step = 1 if rest > 0 else -1
    while rest != 0:
        moved = False
        for i in order:
            if rest == 0:
                break
            if (step > 0 and ints[i] < hi[i]) or (step < 0 and ints[i] > lo[i]):
                ints[i] += step
                rest -= step
                moved = True
        if not moved:  # pragma: no cover - excluded by the bounds check
            break
    return ints


def count_weight_vectors(
    total: int, lo: Sequence[int], hi: Sequence[int], sorted_only: bool, cap: int | None = None
) -> int | None:
    """How many integer vectors within ``[lo, hi]`` sum to ``total`` (non-increasing ones
    only when ``sorted_only``, which needs equal bounds for all members).

    With ``cap``, returns ``None`` as soon as the count is known to exceed it.  Unsorted vectors
    are counted by a dynamic programme over members (``O(n total)``); sorted ones by
    enumeration once the unsorted count (an upper bound) or its ``1/n!`` (a lower bound) has
    not already decided.
    """
    n = len(lo)
    if cap is not None:  # quick floating-point estimate decides large spaces at once
        approx = np.zeros(total + 1)
        approx[0] = 1.0
        for a, b in zip(lo, hi, strict=True):
            pre = np.concatenate(([0.0], np.cumsum(approx)))
            idx = np.arange(total + 1)
            top = idx - a + 1
            bottom = np.maximum(idx - b, 0)
            approx = np.where(idx >= a, pre[np.maximum(top, 0)] - pre[bottom], 0.0)
        bound = approx[total] / (math.factorial(n) if sorted_only else 1)
        if bound > 1.01 * cap:
            return None
    counts = [1] + [0] * total
    for a, b in zip(lo, hi, strict=True):
        prefix = [0]
        for c in counts:
            prefix.append(prefix[-1] + c)
        new = [0] * (total + 1)
        for s in range(a, total + 1):
            new[s] = prefix[s - a + 1] - prefix[max(s - b, 0)]
        counts = new
    unsorted = counts[total]
    if not sorted_only:
        return None if cap is not None and unsorted > cap else unsorted
    if cap is not None and unsorted // math.factorial(n) > cap:
        return None
    found = 0
    for _ in _vectors(total, lo, hi, True):
        found += 1
        if cap is not None and found > cap:
            return None
    return found


def _vectors(total: int, lo: Sequence[int], hi: Sequence[int], sorted_only: bool) -> Any:
    n = len(lo)
    if sorted_only:
        a = lo[0]

        def rec(k: int, cap: int, s: int, prefix: list[int]) -> Any:
            if k == 0:
                if s == 0:
                    yield tuple(prefix)
                return
            for v in range(min(cap, s - a * (k - 1)), a - 1, -1):
                if s - v > (k - 1) * v:
                    break
                prefix.append(v)
                yield from rec(k - 1, v, s - v, prefix)
                prefix.pop()

        yield from rec(n, hi[0], total, [])
        return
    suffix_lo = [0] * (n + 1)
    suffix_hi = [0] * (n + 1)
    for i in range(n - 1, -1, -1):
        suffix_lo[i] = suffix_lo[i + 1] + lo[i]
        suffix_hi[i] = suffix_hi[i + 1] + hi[i]

    def rec2(i: int, s: int, prefix: list[int]) -> Any:
        if i == n:
            if s == 0:
                yield tuple(prefix)
            return
        for v in range(max(lo[i], s - suffix_hi[i + 1]), min(hi[i], s - suffix_lo[i + 1]) + 1):
            prefix.append(v)
            yield from rec2(i + 1, s - v, prefix)
            prefix.pop()

    yield from rec2(0, total, [])


# ---------------------------------------------------------------------------------------------
# The search
# ---------------------------------------------------------------------------------------------
class _Search:
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
        if self.fixed_quota:
            q = max(1, min(total, parse_quota(self.quota_spec).resolve(total)))
            return q, q
        lo_hi = self.quota_spec
        assert isinstance(lo_hi, tuple)
        return quota_bounds(lo_hi, total)

    def evaluate(self, w: tuple[int, ...], q: int) -> float:
        key = (w, q)
        hit = self.cache.get(key)
        if hit is None:
            p = power_shares(w, q, self.index)
            hit = (self.dist(p, self.target), p)
            self.cache[key] = hit
            self.evaluations += 1
            self._offer(hit[0], w, q, hit[1])
        return hit[0]

    def _offer(self, d: float, w: tuple[int, ...], q: int, p: tuple[float, ...]) -> None:
        if self.best is None or d < self.best[0] - 1e-15:
            self.best = (d, w, q, p)
            if self.progress:
                self.progress(self.evaluations, None, f"best distance {d:.6g}")

    def best_quota(self, w: tuple[int, ...]) -> tuple[int, float]:
        """The best quota for weights ``w`` (all quotas in the range)."""
        lo, hi = self.quotas(sum(w))
        if self.index in ("banzhaf", "banzhaf_absolute") and hi > lo:
            table = np.asarray(banzhaf_all_quotas(w)[lo - 1 : hi], dtype=np.float64)
            sums = table.sum(axis=1, keepdims=True)
            shares = table / np.where(sums > 0, sums, 1.0)
            dists = _vector_distance(shares, self.target, self.kind)
            self.evaluations += hi - lo + 1
            best_q = lo + int(np.argmin(dists))
            return best_q, self.evaluate(w, best_q)
        best_q, best_d = lo, math.inf
        for q in range(lo, hi + 1):
            d = self.evaluate(w, q)
            if d < best_d:
                best_q, best_d = q, d
        return best_q, best_d


def _vector_distance(
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


def design_weights(
    target: Sequence[float],
    *,
    names: Sequence[str] | None = None,
    index: str = "banzhaf",
    distance: str = "max_abs",
    total_weight: int | None = None,
    min_weight: int | Sequence[int] | None = None,
    max_weight: int | Sequence[int] | None = None,
    quota: object | None = None,
    quota_range: tuple[object, object] = ("majority", "100%"),
    method: str = "auto",
    start: Sequence[float] | None = None,
    max_candidates: int = 200_000,
    max_iterations: int = 300,
    max_seconds: float | None = 60.0,
    progress: Progress | None = None,
) -> DesignResult:
    """Weights and a quota whose power is closest to ``target``.

    Parameters
    ----------
    target
        Target power shares (any non-negative numbers; normalised), e.g. from
        :mod:`powershare.design.targets`.
    names
        Member names (default ``P1..Pn``).
    index
        Any registered index (``banzhaf`` default, ``shapley``, ``holler``, ...); power is
        compared after normalising to shares.
    distance
        ``max_abs`` (default), ``l1``, ``l2`` or ``max_rel``.
    total_weight
        Integer weights sum exactly to this (fixed seats).  Default: a resolution of
        10,000 units, i.e. weights free up to 0.01% of the total.
    min_weight, max_weight
        Bounds on each member's integer weight (one number or one per member), e.g. from
        :func:`bounds_around` to tie weights to population.
    quota
        A fixed quota (any form: ``"65%"``, ``"2/3"``, ``"majority"``); default: free within
        ``quota_range``.
    quota_range
        Allowed quotas when free (default more than half up to unanimity).
    method
        ``auto``, ``exhaustive``, ``iterative`` or ``local`` (see the module docstring).
    start
        Starting weights for the iterative and local searches (default: the target).
    max_candidates
        Largest number of weight vectors ``auto`` enumerates exhaustively.
    max_iterations
        Iterations of the weight update.
    max_seconds
        Time budget; when it runs out the best rule so far is returned, labelled
        ``stopped_by_budget`` and not proven optimal.
    progress
        ``progress(done, total, message)`` callback.

    Returns
    -------
    DesignResult

    Raises
    ------
    InvalidInputError
        For bad targets, bounds that admit no weights, unknown names.

    Examples
    --------
    >>> r = design_weights([1, 1, 1], total_weight=3, method="exhaustive")
    >>> r.weights, r.distance, r.proven_optimal
    ((1, 1, 1), 0.0, True)
    """
    started = time.perf_counter()
    n = len(list(target))
    t = check_target(target, n)
    names_t = validate_names(names, n)
    key = canonical_index(index)
    kind = get_distance(distance)
    if method not in DESIGN_METHODS:
        raise InvalidInputError(
            f"unknown design method {method!r}; known methods: {', '.join(DESIGN_METHODS)}"
        )
    if total_weight is not None and (
        isinstance(total_weight, bool) or not isinstance(total_weight, int) or total_weight < 1
    ):
        raise InvalidInputError(f"total weight {total_weight!r} must be a whole number, 1 or more")
    total = DEFAULT_RESOLUTION if total_weight is None else total_weight
    lo = _per_member(min_weight, n, "min_weight", 0)
    hi = _per_member(max_weight, n, "max_weight", total)
    hi = [min(h, total) for h in hi]
    for i in range(n):
        if lo[i] > hi[i]:
            raise InvalidInputError(
                f"member {names_t[i]!r}: min weight {lo[i]} is above max weight {hi[i]}"
            )
    if not sum(lo) <= total <= sum(hi):
        raise InvalidInputError(
            f"no weights fit: the bounds allow totals {sum(lo)}..{sum(hi)}, the total weight is "
            f"{total}; widen the bounds or change the total"
        )
    fixed_quota = quota is not None
    if fixed_quota:
        parse_quota(quota)  # validate early
    budget = Budget(max_seconds)
    search = _Search(
        t, key, kind, quota if fixed_quota else quota_range, fixed_quota, budget, progress
    )
    uniform = len(set(lo)) == 1 and len(set(hi)) == 1
    cap = max_candidates if method == "auto" else None
    counted = (
        count_weight_vectors(total, lo, hi, uniform, cap) if method in ("auto", "exhaustive") else 0
    )
    n_vectors = counted if counted is not None else -1
    chosen = method
    if method == "auto":
        chosen = "exhaustive" if counted is not None else "iterative+local"
    description: list[str] = []
    exhaustive_done = False
    if chosen == "exhaustive":
        exhaustive_done = _exhaustive(search, total, lo, hi, uniform, n_vectors)
        exact_hit = search.best is not None and search.best[0] == 0
        qlo, qhi = search.quotas(total)
        space = (
            f"all {n_vectors:,} {'non-increasing ' if uniform else ''}integer weight vectors "
            f"of {n} members summing to {total}"
            + (" within per-member bounds" if not uniform else "")
            + ("" if not uniform else " (each matched to the targets in sorted order)")
            + f", each with every quota {qlo}..{qhi}"
        )
        description.append(
            (
                "exhaustive search over "
                if exhaustive_done and not exact_hit
                else "exhaustive search, stopped at a rule with distance 0 (none can be "
                "closer), over part of "
                if exact_hit
                else "exhaustive search, stopped by the time budget, over part of "
            )
            + space
        )
    else:
        if chosen in ("iterative", "iterative+local"):
            iters = _iterative(search, total, lo, hi, start or t, max_iterations)
            description.append(
                f"iterative weight updates (Laruelle & Widgren 1998; Leech 2002): {iters} "
                f"iterations at total weight {total}"
            )
        if chosen in ("local", "iterative+local"):
            if search.best is None:
                w0 = tuple(_project(start or t, lo, hi, total))
                search.best_quota(w0)
            local_opt = _local(search, lo, hi)
            description.append(
                "integer local search over weight transfers and quota changes (Kurz 2012): "
                + ("reached a local optimum" if local_opt else "stopped before a local optimum")
            )
        description.append(
            f"space: integer weights summing to {total}"
            + ("" if min_weight is None and max_weight is None else " within per-member bounds")
            + ("; not proven optimal")
        )
    assert search.best is not None
    d, w, q, p = search.best
    if chosen != "exhaustive" or not exhaustive_done:
        # sorted matching: the exhaustive search stores weights already assigned to members
        pass
    searched = "; ".join(description) + f"; {search.evaluations:,} rules evaluated"
    if budget.hit:
        searched += "; the time budget ran out (best found so far)"
    return DesignResult(
        names=names_t,
        weights=w,
        quota=q,
        power=p,
        target=t,
        distance=d,
        distance_kind=kind,
        index=key,
        method=chosen,
        proven_optimal=chosen == "exhaustive" and exhaustive_done and not budget.hit,
        searched=searched,
        evaluations=search.evaluations,
        seconds=time.perf_counter() - started,
        stopped_by_budget=budget.hit,
    )


def _exhaustive(
    search: _Search,
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
    for j, w in enumerate(_vectors(total, lo, hi, uniform)):
        if j % 256 == 0:
            if search.budget.expired():
                return False
            if search.progress:
                search.progress(j, n_vectors, "weight vectors")
        table = banzhaf_all_quotas(w) if banzhaf and qhi > qlo else None
        for q in range(qlo, qhi + 1):
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
                    search._offer(d, tuple(weights), q, tuple(power))
            else:
                d = search.dist(p, t)
                if search.best is None or d < search.best[0] - 1e-15:
                    search._offer(d, w, q, p)
            if search.best is not None and search.best[0] == 0:
                return True
    return True


def _iterative(
    search: _Search,
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
        w = tuple(_project(x, lo, hi, total))
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


def _local(search: _Search, lo: Sequence[int], hi: Sequence[int]) -> bool:
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
