"""Exact evaluation of a settlement candidate against every demand.

Up to :data:`TABLE_MAX_MEMBERS` members each rule's winning coalitions are tabulated once (a
truth table over all ``2^n`` coalitions) and every demand is read off it exactly: Banzhaf and
Shapley-Shubik counts, blocking.  Larger bodies use :func:`powershare.power.power`.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from fractions import Fraction
from typing import Any

import numpy as np
import numpy.typing as npt

from powershare.design.distance import DISTANCES, get_distance
from powershare.design.settle_rules import Candidate
from powershare.design.settlement import SettlementProblem

__all__ = [
    "TABLE_MAX_MEMBERS",
    "Evaluator",
    "TruthTable",
    "as_floats",
    "evaluate_candidate",
    "share_of",
]

TABLE_MAX_MEMBERS = 22
"""Largest body evaluated from a truth table of all coalitions."""


class TruthTable:
    """Coalition masks of ``n`` members and, per member, the masks without it."""

    def __init__(self, n: int) -> None:
        self.n = n
        self.masks = np.arange(2**n, dtype=np.int64)
        self.full = 2**n - 1
        pop = np.zeros(2**n, dtype=np.int64)
        for i in range(n):
            pop += (self.masks >> i) & 1
        self.popcount = pop
        self.without = [self.masks[((self.masks >> i) & 1) == 0] for i in range(n)]
        self.factor = [math.factorial(k) * math.factorial(n - 1 - k) for k in range(n)]

    def subset_sums(self, weights: Sequence[int]) -> npt.NDArray[np.int64]:
        sums = np.zeros(2**self.n, dtype=np.int64)
        for i, w in enumerate(weights):
            sums += ((self.masks >> i) & 1) * int(w)
        return sums


class Evaluator:
    """Evaluates candidates of one problem (a truth table and weight-sum cache shared)."""

    def __init__(self, problem: SettlementProblem) -> None:
        self.problem = problem
        self.n = problem.n
        self.table = TruthTable(self.n) if self.n <= TABLE_MAX_MEMBERS else None
        self.sums_cache: dict[tuple[int, ...], npt.NDArray[np.int64]] = {}
        self.index_of = {name: i for i, name in enumerate(problem.names)}

    def win(self, cand: Candidate) -> npt.NDArray[np.bool_]:
        assert self.table is not None
        if cand.weighted is not None:
            w, q = cand.weighted
            sums = self.sums_cache.get(w)
            if sums is None:
                sums = self.table.subset_sums(w)
                self.sums_cache[w] = sums
            return np.asarray(sums >= q)
        rule = cand.rule
        if list(rule.names) == list(self.problem.names):
            return rule.winning_masks(self.table.masks)
        # a two-tier rule lists members unit by unit: permute the bits
        perm = [self.index_of[name] for name in rule.names]
        masks = np.zeros_like(self.table.masks)
        for pos, i in enumerate(perm):
            masks |= ((self.table.masks >> i) & 1) << pos
        return rule.winning_masks(masks)

    def shares(
        self, cand: Candidate, win: npt.NDArray[np.bool_] | None, index: str
    ) -> tuple[tuple[int, ...], int] | tuple[Fraction, ...]:
        """Exact shares: ``(counts, total)`` for Banzhaf/Shapley from the table, else
        Fractions from :func:`powershare.power.power`."""
        if win is not None and index in ("banzhaf", "banzhaf_absolute", "shapley"):
            assert self.table is not None
            counts: list[int] = []
            for i in range(self.n):
                base = self.table.without[i]
                swing = win[base | (1 << i)] & ~win[base]
                if index == "shapley":
                    by_size = np.bincount(self.table.popcount[base][swing], minlength=self.n)
                    counts.append(sum(int(c) * self.table.factor[k] for k, c in enumerate(by_size)))
                else:
                    counts.append(int(np.count_nonzero(swing)))
            return tuple(counts), sum(counts)
        from powershare.power import power

        result = power(cand.rule, index)
        assert result.exact is not None
        pos = {name: j for j, name in enumerate(result.names)}
        values = [result.exact[pos[name]] for name in self.problem.names]
        total = sum(values)
        return tuple(v / total if total else Fraction(0) for v in values)

    def can_block(
        self, cand: Candidate, win: npt.NDArray[np.bool_] | None, group: Sequence[int]
    ) -> bool:
        if win is not None:
            assert self.table is not None
            mask = 0
            for i in group:
                mask |= 1 << i
            return not bool(win[self.table.full & ~mask])
        others = [i for i in range(self.n) if i not in group]
        names = [self.problem.names[i] for i in others]
        return not cand.rule.is_winning(names)


def share_of(shares: Any, i: int) -> Fraction:
    if isinstance(shares[0], tuple):
        counts, total = shares
        return Fraction(counts[i], total) if total else Fraction(0)
    value: Fraction = shares[i]
    return value


def as_floats(shares: Any, n: int) -> tuple[float, ...]:
    if shares and isinstance(shares[0], tuple):
        counts, total = shares
        return tuple(c / total if total else 0.0 for c in counts)
    return tuple(float(v) for v in shares)


def evaluate_candidate(
    ev: Evaluator, cand: Candidate, target: tuple[float, ...]
) -> tuple[int, tuple[float, ...], float, tuple[bool, ...]]:
    problem = ev.problem
    win = ev.win(cand) if ev.table is not None else None
    cache: dict[str, Any] = {}

    def shares(index: str) -> Any:
        if index not in cache:
            cache[index] = ev.shares(cand, win, index)
        return cache[index]

    ok: list[bool] = []
    for d in problem.demands:
        if d.kind in ("min_share", "max_share"):
            assert d.party is not None and d.value is not None
            s = share_of(shares(d.index), ev.index_of[d.party])
            ok.append(s >= d.value if d.kind == "min_share" else s <= d.value)
        elif d.kind == "cap":
            assert d.value is not None
            sh = shares(d.index)
            ok.append(all(share_of(sh, i) <= d.value for i in range(ev.n)))
        elif d.kind == "veto":
            assert d.party is not None
            ok.append(ev.can_block(cand, win, [ev.index_of[d.party]]))
        elif d.kind == "block_with":
            assert d.party is not None
            group = [ev.index_of[d.party]] + [ev.index_of[a] for a in d.allies]
            ok.append(ev.can_block(cand, win, group))
        else:
            assert d.party is not None
            sh = shares("banzhaf")
            ok.append(share_of(sh, ev.index_of[d.party]) > 0)
    mask = 0
    for j, good in enumerate(ok):
        if good:
            mask |= 1 << j
    power = as_floats(shares(problem.rank_index), ev.n)
    score = DISTANCES[get_distance(problem.rank_distance)](power, target)
    return mask, power, score, tuple(ok)
