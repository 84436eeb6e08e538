"""The frontier of rules: distance to the target power against the ability to decide.

Equal power is trivially reached by unanimity, and every degenerate rule (a huge quota, a
member with a veto) buys closeness to a target with the collectivity's ability to act.  So
:func:`design_frontier` does not return one "optimal" rule: it returns every rule of the space
that no other rule beats on both counts, **distance** to the target power (smaller is better)
and **decisiveness**, Coleman's power of the collectivity to act (the share of all ``2^n``
coalitions that win; Coleman 1971; larger is better), each with its vetoes and smallest
blocking coalitions (:func:`powershare.structure.decisiveness`).  A single rule is chosen only
under a stated floor on decisiveness (``min_decisiveness``): the closest rule at or above it.

Space
-----
The space of :func:`~powershare.design.inverse.design_weights`: integer weight vectors with the
given total within the members' bounds, every quota in the range.  When it has at most
``max_candidates`` weight vectors (or ``method="exhaustive"``) it is enumerated in full and the
frontier is **proven** (exact enumeration as in Kurz 2012 and de Keijzer, Klos & Zhang 2014;
with equal bounds for all only non-increasing vectors are generated, the power values matched
to the targets in sorted order, which leaves the winning coalitions unchanged).  Otherwise the
frontier is taken over the weight vectors visited by the iterative and local searches (Leech
2002; Kurz 2012), run with a free quota and with the quota fixed at several levels, each vector
with every quota; it is then labelled *not proven*.

For each weight vector every quota is evaluated at once: the Banzhaf swings by
:func:`~powershare.design.evaluate.banzhaf_all_quotas` and the winning coalitions by the suffix
sums of the subset-sum polynomial (:func:`~powershare.design.evaluate.winning_all_quotas`).
The rules on the frontier are then described by the library's own
:func:`~powershare.structure.decisiveness` (winning coalitions counted by the registry).

The time budget covers both: the search leaves a share of it, from the registry's estimate,
for describing the rules, and rules that the time left does not allow are given from the
search's own counts, marked (:mod:`powershare.design.frontier_describe`).
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from fractions import Fraction
from typing import Any, TypeVar

import numpy as np

from powershare.design._common import Budget, Progress, parse_floor, quota_bounds
from powershare.design.evaluate import (
    banzhaf_all_quotas,
    count_seconds,
    counts_as_floats,
    power_shares,
    winning_all_quotas,
)
from powershare.design.frontier_describe import (
    SearchedRule,
    describe_rules,
    description_reserve,
    rule_seconds,
)
from powershare.design.frontier_result import Frontier, FrontierRule, spread_evenly
from powershare.design.inverse import DesignSpace, design_space, design_weights
from powershare.design.inverse_search import vector_distance
from powershare.design.weight_space import count_weight_vectors, project_weights, weight_vectors
from powershare.errors import PowershareError
from powershare.games.quota import parse_quota
from powershare.games.weighted import WeightedGame
from powershare.power import get_index

__all__ = ["Frontier", "FrontierRule", "design_frontier"]

_T = TypeVar("_T")

_TOL = 1e-12
_HEURISTIC_LEVELS = 6
MAX_RULES = 3_000_000
"""Largest number of rules (weight vectors times quotas) ``auto`` enumerates."""


Head = tuple[float, int, float, tuple[int, ...], int]
"""distance, vetoes, distance of the weight shares from the target, weights, quota"""
Candidate = tuple[float, int, float, tuple[int, ...], int, tuple[float, ...]]
""":data:`Head` and the power shares, in the order of the weight vector scanned (see
:meth:`_Scanner.place`)"""


def _shifted(f: Any, shift: Any, sums: Any) -> Any:
    """Row ``r`` of ``f`` shifted right by ``shift[r]`` (zeros shifted in)."""
    idx = sums[None, :] - shift[:, None]
    out = np.take_along_axis(f, np.maximum(idx, 0), axis=1)
    return np.where(idx >= 0, out, 0)


class _Front:
    """The best candidate for each number of winning coalitions, pruned to the frontier."""

    def __init__(self) -> None:
        self.best: dict[int, Candidate] = {}

    def offer(self, winning: int, cand: Head, power: Any) -> None:
        """Keep ``cand`` with its ``power`` (a row of shares, copied only when kept)."""
        old = self.best.get(winning)
        if (
            old is None
            or cand[0] < old[0] - _TOL
            or (abs(cand[0] - old[0]) <= _TOL and cand[1:3] < old[1:3])
        ):
            d, vetoes, spread, given, q = cand
            self.best[winning] = (d, vetoes, spread, given, q, tuple(map(float, power)))

    def prune(self) -> list[tuple[int, Candidate]]:
        kept: list[tuple[int, Candidate]] = []
        least = np.inf
        for winning in sorted(self.best, reverse=True):
            cand = self.best[winning]
            if cand[0] < least - _TOL:
                kept.append((winning, cand))
                least = cand[0]
        self.best = dict(kept)
        return kept


class _Scanner:
    """Evaluates a weight vector at every quota of the range and offers its own frontier."""

    def __init__(
        self,
        target: tuple[float, ...],
        index: str,
        kind: str,
        uniform: bool,
        front: _Front,
        budget: Budget | None = None,
    ) -> None:
        self.budget = budget
        self.target = target
        self.index = index
        self.kind = kind
        self.uniform = uniform
        self.front = front
        self.order = sorted(range(len(target)), key=lambda i: -target[i])
        self.sorted_target = tuple(target[i] for i in self.order)
        self.evaluations = 0

    def shares(self, w: tuple[int, ...], qlo: int, qhi: int) -> Any:
        if self.index in ("banzhaf", "banzhaf_absolute"):
            table = counts_as_floats(banzhaf_all_quotas(w)[qlo - 1 : qhi])
            sums = table.sum(axis=1, keepdims=True)
            return table / np.where(sums > 0, sums, 1.0)
        rows: list[tuple[float, ...]] = []
        for q in range(qlo, qhi + 1):  # one count per quota: the budget is checked at each
            if rows and self.budget is not None and self.budget.expired():
                break
            rows.append(power_shares(w, q, self.index))
        return np.asarray(rows)

    def scan(self, w: tuple[int, ...], qlo: int, qhi: int) -> None:
        shares = self.shares(w, qlo, qhi)
        qhi = qlo + len(shares) - 1  # fewer when the budget ran out in the middle
        self.evaluations += qhi - qlo + 1
        if self.uniform:
            dists = vector_distance(-np.sort(-shares, axis=1), self.sorted_target, self.kind)
        else:
            dists = vector_distance(shares, self.target, self.kind)
        winning = winning_all_quotas(w)[qlo - 1 : qhi]
        total = sum(w)
        least = np.inf
        for k in range(len(dists)):  # quotas upwards: fewer winning coalitions each step
            d = float(dists[k])
            if d < least - _TOL:
                least = d
                q = qlo + k
                vetoes = sum(1 for x in w if total - x < q)
                given = self.assign(w, q)
                spread = sum(abs(x / total - t) for x, t in zip(given, self.target, strict=True))
                self.front.offer(winning[k], (d, vetoes, spread, given, q), shares[k])

    def scan_batch(self, batch: list[tuple[int, ...]], qlo: int, qhi: int) -> None:
        """:meth:`scan` for many Banzhaf designs of the same total at once (vectorised).

        For each vector and member the others' subset-sum polynomial is built by dynamic
        programming (shifts gathered per row); swings are window sums of it and winning
        coalitions suffix sums of the whole polynomial (Brams & Affuso 1976).  Counts are at
        most ``2^n`` and exact in ``int64`` (callers use it for ``n <= 62``).
        """
        ws = np.asarray(batch, dtype=np.int64)
        b, n = ws.shape
        total = int(ws[0].sum())
        sums = np.arange(total + 1)
        swings = np.zeros((b, qhi - qlo + 1, n), dtype=np.int64)
        quotas = np.arange(qlo, qhi + 1)
        full = None
        for i in range(n):
            f = np.zeros((b, total + 1), dtype=np.int64)
            f[:, 0] = 1
            for k in range(n):
                if k != i:
                    f = f + _shifted(f, ws[:, k], sums)
            prefix = np.zeros((b, total + 2), dtype=np.int64)
            prefix[:, 1:] = np.cumsum(f, axis=1)
            low = np.maximum(quotas[None, :] - ws[:, i : i + 1], 0)
            swings[:, :, i] = prefix[:, quotas] - np.take_along_axis(prefix, low, axis=1)
            if i == 0:
                full = f + _shifted(f, ws[:, 0], sums)
        assert full is not None
        suffix = np.cumsum(full[:, ::-1], axis=1)[:, ::-1]  # suffix[:, q]: weight >= q
        winning = suffix[:, qlo : qhi + 1]
        tot = swings.sum(axis=2, keepdims=True)
        shares = swings / np.where(tot > 0, tot, 1)
        self.evaluations += b * len(quotas)
        if self.uniform:
            shares = -np.sort(-shares, axis=2)
            t = self.sorted_target
        else:
            t = self.target
        dists = vector_distance(shares.reshape(-1, n), t, self.kind).reshape(b, -1)
        vetoes = (ws[:, None, :] > total - quotas[None, :, None]).sum(axis=2)
        assigned = [self.assign(tuple(int(x) for x in row), 0) for row in ws]
        target = np.asarray(self.target)
        spread = np.abs(np.asarray(assigned) / max(total, 1) - target[None, :]).sum(axis=1)
        # best per number of winning coalitions: distance, then vetoes, then weights nearest
        # the target shares
        flat_w = winning.ravel()
        flat_d = np.round(dists.ravel(), 12)
        flat_v = vetoes.ravel()
        flat_s = np.repeat(spread, len(quotas))
        order = np.lexsort((flat_s, flat_v, flat_d, flat_w))
        first = np.ones(len(order), dtype=bool)
        first[1:] = flat_w[order][1:] != flat_w[order][:-1]
        for pos in order[first]:
            row, k = divmod(int(pos), len(quotas))
            self.front.offer(
                int(flat_w[pos]),
                (
                    float(dists[row, k]),
                    int(flat_v[pos]),
                    float(spread[row]),
                    assigned[row],
                    qlo + k,
                ),
                shares[row, k],
            )

    def assign(self, w: tuple[int, ...], q: int) -> tuple[int, ...]:
        """With sorted vectors, give the weights to members in the order of their targets."""
        return self.place(w)

    def place(self, values: tuple[_T, ...]) -> tuple[_T, ...]:
        """Values of a scanned vector's positions (weights, power) given to the members: with
        sorted vectors, in the order of their targets."""
        if not self.uniform:
            return values
        out = list(values)
        for k, member in enumerate(self.order):
            out[member] = values[k]
        return tuple(out)


def _heuristic_vectors(
    space: DesignSpace,
    quota: object | None,
    quota_range: tuple[object, object],
    method: str,
    budget: Budget,
    per_count: float = 0.0,
) -> tuple[list[tuple[int, ...]], str]:
    """Weight vectors visited by the iterative and local searches at several quota levels;
    a search is started only while more than ``per_count`` (the estimate of one count of
    power) is left of the budget, as each one counts at least once."""
    total = space.total
    if quota is None:
        qlo, qhi = quota_bounds(quota_range, total)
        levels: list[object | None] = [None]
        step = (qhi - qlo) / (_HEURISTIC_LEVELS - 1)
        levels += sorted({qlo + round(step * k) for k in range(_HEURISTIC_LEVELS)})
    else:
        levels = [quota]
    vectors: dict[tuple[int, ...], None] = {
        tuple(project_weights(space.target, space.lo, space.hi, total)): None
    }
    runs = 0
    for level in levels:
        left = None if budget.max_seconds is None else budget.max_seconds - budget.elapsed
        if left is not None and left <= per_count:
            budget.hit = True
            break
        share = None if left is None else max(left / max(len(levels) - runs, 1), 1e-3)
        r = design_weights(
            space.target,
            index=space.index,
            distance=space.distance,
            total_weight=total,
            min_weight=space.lo,
            max_weight=space.hi,
            quota=level,
            quota_range=quota_range,
            method=method if method in ("iterative", "local") else "auto",
            max_candidates=0,
            max_seconds=share,
            with_decisiveness=False,
        )
        runs += 1
        for v in (r.weights, *r.visited):
            vectors.setdefault(tuple(v), None)
    what = (
        f"iterative and local searches (Leech 2002; Kurz 2012) with a free quota and the quota "
        f"fixed at {max(runs - 1, 0)} levels"
        if quota is None
        else "iterative and local searches (Leech 2002; Kurz 2012) at the fixed quota"
    )
    return list(vectors), what


def design_frontier(
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
    min_decisiveness: object | None = None,
    max_candidates: int = 200_000,
    max_seconds: float | None = 60.0,
    progress: Progress | None = None,
) -> Frontier:
    """The rules not dominated on (distance to ``target``, decisiveness), and the closest rule
    at or above ``min_decisiveness`` when a floor is given.

    The arguments are those of :func:`~powershare.design.inverse.design_weights`, plus
    ``min_decisiveness``: a floor on Coleman's power of the collectivity to act (``"10%"``,
    ``0.1``); without it no rule is chosen (``chosen`` is ``None``).

    Examples
    --------
    >>> f = design_frontier([0.42, 0.27, 0.09, 0.09, 0.13], total_weight=20, min_decisiveness="30%")
    >>> [(r.quota, str(r.collectivity)) for r in f.rules][:2]
    [(11, '1/2'), (11, '15/32')]
    >>> f.proven, f.chosen is not None and f.chosen.collectivity >= Fraction(3, 10)
    (True, True)
    """
    started = time.perf_counter()
    whole = Budget(max_seconds)  # the search's budget leaves time to describe the rules
    space = design_space(
        target, names, index, distance, total_weight, min_weight, max_weight, quota, method
    )
    floor = None if min_decisiveness is None else parse_floor(min_decisiveness)
    total, lo, hi, uniform = space.total, space.lo, space.hi, space.uniform
    if quota is not None:
        q = max(1, min(total, parse_quota(quota).resolve(total)))
        qlo, qhi = q, q
    else:
        qlo, qhi = quota_bounds(quota_range, total)
    sample = WeightedGame((qlo + qhi) // 2, list(project_weights(space.target, lo, hi, total)))
    budget = whole.reserving(description_reserve(rule_seconds(sample, space.index), max_seconds))
    front = _Front()
    scanner = _Scanner(space.target, space.index, space.distance, uniform, front, budget)
    exhaustive = method == "exhaustive"
    n_vectors = None
    bound_only = False
    if method in ("auto", "exhaustive"):
        # every vector is evaluated at every quota: bound the rules, not only the vectors
        cap = max(1, min(max_candidates, MAX_RULES // (qhi - qlo + 1)))
        n_vectors = count_weight_vectors(total, lo, hi, uniform, cap)
        if n_vectors is None and exhaustive:  # asked for: go on, counting cheaply (a bound)
            n_vectors = count_weight_vectors(total, lo, hi, False)
            bound_only = uniform
        exhaustive = n_vectors is not None
    complete = False
    if exhaustive:
        complete = True
        batched = space.index in ("banzhaf", "banzhaf_absolute") and len(lo) <= 62
        size = max(1, min(1024, 2_000_000 // ((total + 2) * len(lo) + 1)))
        batch: list[tuple[int, ...]] = []
        for j, w in enumerate(weight_vectors(total, lo, hi, uniform)):
            if j and budget.expired():  # every vector: one costs O(n * total) at large totals
                complete = False
                break
            if j and j % 256 == 0 and progress:
                progress(j, n_vectors, "weight vectors")
            if not batched:
                scanner.scan(w, qlo, qhi)
                continue
            batch.append(w)
            if len(batch) >= size:
                scanner.scan_batch(batch, qlo, qhi)
                batch = []
                front.prune()
        if budget.hit:  # the scanner may stop inside the last vector's quotas
            complete = False
        if batch:
            scanner.scan_batch(batch, qlo, qhi)
        space_words = (
            f"{'all' if complete else 'part of the'} {n_vectors:,} "
            f"{'(at most) ' if bound_only else ''}"
            f"{'non-increasing ' if uniform else ''}integer weight vectors summing to {total}"
            + ("" if uniform else " within per-member bounds")
            + f", each with every quota {qlo}..{qhi}"
        )
        searched = ("exhaustive: " if complete else "stopped by the time budget: ") + space_words
    else:
        # the searches return weights already given to members: match nothing
        scanner = _Scanner(space.target, space.index, space.distance, False, front, budget)
        try:
            per_count = count_seconds(sample, get_index(space.index).quantity)
        except PowershareError:  # no estimate: the searches bound their own work
            per_count = 0.0
        vectors, what = _heuristic_vectors(space, quota, quota_range, method, budget, per_count)
        for j, w in enumerate(vectors):
            if j and budget.expired():
                break
            if progress:
                progress(j, len(vectors), "weight vectors")
            scanner.scan(w, qlo, qhi)
        searched = (
            f"{what}: {len(vectors):,} weight vectors summing to {total}"
            + ("" if min_weight is None and max_weight is None else " within per-member bounds")
            + f", each with every quota {qlo}..{qhi}; not proven"
        )
    kept = front.prune()
    # the chosen rule from the exact counts of winning coalitions (collectivity = W / 2^n)
    pick = None
    if floor is not None:
        above = [
            k
            for k, (winning, _c) in enumerate(kept)
            if Fraction(winning, 2 ** len(space.names)) >= floor
        ]
        pick = min(above, key=lambda k: kept[k][1][0]) if above else None
    shown = spread_evenly(len(kept), pick)
    found = [
        SearchedRule(kept[k][1][3], kept[k][1][4], scanner.place(kept[k][1][5]), kept[k][0])
        for k in shown
    ]
    first = None if pick is None else shown.index(pick)
    rules, described = describe_rules(
        found, space.names, space.index, space.target, space.distance, whole, first
    )
    chosen = None if first is None else rules[first]
    if len(shown) < len(kept):
        searched += (
            f"; the frontier has {len(kept):,} rules, {len(shown)} shown, spread evenly from the "
            "most decisive to the closest (the chosen rule among them)"
        )
    searched += f"; {scanner.evaluations:,} rules evaluated"
    if budget.hit:
        searched += "; the time budget ran out (frontier so far)"
    if described < len(rules):
        searched += (
            f"; the time budget ran out before every rule was described: {described} of "
            f"{len(rules)} described in full, the others from the search's own counts "
            "(smallest blocking coalitions not listed)"
        )
    return Frontier(
        names=space.names,
        target=space.target,
        index=space.index,
        distance_kind=space.distance,
        total_weight=total,
        rules=tuple(rules),
        min_decisiveness=floor,
        chosen=chosen,
        proven=exhaustive and complete and not budget.hit,
        searched=searched,
        evaluations=scanner.evaluations,
        seconds=time.perf_counter() - started,
        stopped_by_budget=budget.hit or whole.hit,
    )
