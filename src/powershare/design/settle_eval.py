"""Exact evaluation of settlement rules against every demand.

:class:`GameEvaluator` takes a batch of distinct games as winning-coalition bitsets (see
:func:`powershare.design.settle_rules.family_bitsets`) and reads every demand off them at
once, exactly: Banzhaf swings and Shapley-Shubik pivots counted coalition by coalition over
all games together (integers), vetoes and blocking from single coalitions, Coleman's power of
the collectivity to act as the number of winning coalitions over ``2^n`` (Coleman 1971).
Other indices use :func:`powershare.power.power` on the game's minimal winning coalitions.

:func:`evaluate_candidate` is the rule-by-rule path for bodies above
:data:`BITSET_MAX_MEMBERS` (a truth table up to :data:`TABLE_MAX_MEMBERS` members, else the
general counting methods).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import numpy as np
import numpy.typing as npt

from powershare.design.distance import DISTANCES, get_distance
from powershare.design.settle_rules import (
    BITSET_MAX_MEMBERS,
    TABLE_MAX_MEMBERS,
    Candidate,
    CoalitionSpace,
)
from powershare.design.settlement import Settlement, SettlementProblem
from powershare.games.compound import MinimalWinning
from powershare.power import power as power_of
from powershare.structure.decisiveness import decisiveness
from powershare.structure.weightedness import minimal_winning_masks, weightedness

__all__ = [
    "BITSET_MAX_MEMBERS",
    "TABLE_MAX_MEMBERS",
    "Evaluator",
    "GameEvaluator",
    "GameFacts",
    "game_target",
    "vector_distance",
    "TruthTable",
    "as_floats",
    "build_settlement",
    "describe_writings",
    "evaluate_candidate",
    "share_of",
]


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
        result = power_of(cand.rule, index)
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


def _collectivity(cand: Candidate, win: npt.NDArray[np.bool_] | None) -> Fraction:
    if win is not None:
        return Fraction(int(np.count_nonzero(win)), win.size)
    return decisiveness(cand.rule).collectivity


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
        elif d.kind == "no_veto":
            assert d.party is not None
            ok.append(not ev.can_block(cand, win, [ev.index_of[d.party]]))
        elif d.kind in ("block_with", "cannot_block_with"):
            assert d.party is not None
            group = [ev.index_of[d.party]] + [ev.index_of[a] for a in d.allies]
            ok.append(ev.can_block(cand, win, group) == (d.kind == "block_with"))
        elif d.kind == "min_decisiveness":
            assert d.value is not None
            ok.append(_collectivity(cand, win) >= d.value)
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


def vector_distance(
    power: npt.NDArray[np.float64], target: npt.NDArray[np.float64], kind: str
) -> npt.NDArray[np.float64]:
    """The distances of :mod:`powershare.design.distance`, row by row: ``(G, n)`` -> ``(G,)``."""
    gap = np.abs(power - target)
    if kind == "max_abs":
        return np.asarray(gap.max(axis=1), dtype=np.float64)
    if kind == "l1":
        return np.asarray(gap.sum(axis=1), dtype=np.float64)
    if kind == "l2":
        return np.asarray(np.sqrt((gap**2).sum(axis=1)), dtype=np.float64)
    t = np.broadcast_to(target, power.shape)
    with np.errstate(divide="ignore", invalid="ignore"):
        rel = np.where(t > 0, gap / np.where(t > 0, t, 1), np.where(power > 0, np.inf, 0.0))
    return np.asarray(rel.max(axis=1), dtype=np.float64)


def game_target(problem: SettlementProblem) -> npt.NDArray[np.float64] | None:
    """The target shares of a ranking that does not depend on the seats (``None``: it does,
    or the ranking is by decisiveness)."""
    n = problem.n
    if problem.rank_by == "equal":
        return np.full(n, 1.0 / n)
    if problem.rank_by == "population":
        assert problem.populations is not None
        pops = np.array([float(p) for p in problem.populations])
        return np.asarray(pops / pops.sum(), dtype=np.float64)
    return None


@dataclass
class GameFacts:
    """What :class:`GameEvaluator` found for a batch of games (one row each).

    ``ok[g, j]``: game ``g`` meets demand ``j``; ``power``: shares on the ranking index;
    ``score``: the game's ranking score (``nan`` when it depends on the seats); ``winning``:
    winning coalitions; ``veto``: members with a veto; ``degenerate``: unanimity or a veto
    nobody asked for.
    """

    ok: npt.NDArray[np.bool_]
    power: npt.NDArray[np.float64]
    score: npt.NDArray[np.float64]
    winning: npt.NDArray[np.int64]
    veto: npt.NDArray[np.bool_]
    degenerate: npt.NDArray[np.bool_]


class GameEvaluator:
    """Evaluates batches of distinct games of one problem from their bitsets."""

    def __init__(self, problem: SettlementProblem, space: CoalitionSpace) -> None:
        self.problem = problem
        self.space = space
        n = problem.n
        self.n = n
        self.index_of = {name: i for i, name in enumerate(problem.names)}
        masks = space.masks
        self.without = [masks[((masks >> i) & 1) == 0] for i in range(n)]
        pop = space.members.sum(axis=1)
        fact = np.array(
            [math.factorial(k) * math.factorial(n - 1 - k) for k in range(n)], dtype=np.int64
        )
        self.shapley_factor = [fact[pop[w]] for w in self.without]
        self.full = space.size - 1
        self.target = game_target(problem)
        asked = np.zeros(n, dtype=bool)
        for d in problem.demands:
            if d.kind == "veto" and d.party is not None:
                asked[self.index_of[d.party]] = True
        self.asked_veto = asked

    def index_counts(
        self, table: npt.NDArray[np.bool_], index: str
    ) -> tuple[npt.NDArray[Any], npt.NDArray[Any]]:
        """Exact ``(values (G, n), totals (G,))``: shares are ``values / totals``."""
        g = len(table)
        if index in ("banzhaf", "banzhaf_absolute", "shapley"):
            counts = np.zeros((g, self.n), dtype=np.int64)
            for i in range(self.n):
                base = self.without[i]
                swing = table[:, base | (1 << i)] & ~table[:, base]
                if index == "shapley":
                    counts[:, i] = swing.astype(np.int64) @ self.shapley_factor[i]
                else:
                    counts[:, i] = swing.sum(axis=1)
            return counts, counts.sum(axis=1)
        values = np.empty((g, self.n), dtype=object)
        for row in range(g):
            mwc = minimal_winning_masks(table[row], self.n)
            coalitions = [[i for i in range(self.n) if m >> i & 1] for m in mwc]
            game = MinimalWinning(coalitions, self.problem.names)
            res = power_of(game, index)
            exact = res.exact
            assert exact is not None
            pos = {name: j for j, name in enumerate(res.names)}
            vals = [exact[pos[name]] for name in self.problem.names]
            tot = sum(vals)
            values[row] = [Fraction(v) / tot if tot else Fraction(0) for v in vals]
        return values, np.ones(g, dtype=object)

    @staticmethod
    def _at_least(
        values: npt.NDArray[Any], totals: npt.NDArray[Any], share: Fraction
    ) -> npt.NDArray[np.bool_]:
        """``values / totals >= share``, exactly (``values`` of one member: ``(G,)``)."""
        num, den = share.numerator, share.denominator
        if values.dtype != object and int(totals.max(initial=0)) * max(num, den) < 2**62:
            return np.asarray(values * den >= totals * num)
        return np.array(
            [
                Fraction(v) >= share * t
                for v, t in zip(values.tolist(), totals.tolist(), strict=False)
            ],
            dtype=bool,
        )

    def evaluate(self, bits: npt.NDArray[np.uint64]) -> GameFacts:
        """Every demand, the ranking shares and the warnings of each game in ``bits``."""
        p = self.problem
        table = self.space.unpack(bits)
        g = len(table)
        cache: dict[str, tuple[npt.NDArray[Any], npt.NDArray[Any]]] = {}

        def counts(index: str) -> tuple[npt.NDArray[Any], npt.NDArray[Any]]:
            key = "banzhaf" if index == "banzhaf_absolute" else index
            if key not in cache:
                cache[key] = self.index_counts(table, key)
            return cache[key]

        def blocks(group: list[int]) -> npt.NDArray[np.bool_]:
            mask = 0
            for i in group:
                mask |= 1 << i
            return np.asarray(~table[:, self.full & ~mask])

        winning = table.sum(axis=1).astype(np.int64)
        veto = np.stack([~table[:, self.full & ~(1 << i)] for i in range(self.n)], axis=1)
        ok = np.zeros((g, len(p.demands)), dtype=bool)
        for j, d in enumerate(p.demands):
            who = self.index_of[d.party] if d.party is not None else -1
            if d.kind in ("min_share", "max_share"):
                assert d.value is not None
                vals, tots = counts(d.index)
                col = vals[:, who]
                if d.kind == "min_share":
                    ok[:, j] = self._at_least(col, tots, d.value)
                else:  # v/t <= s  <=>  (t - v)/t >= 1 - s
                    ok[:, j] = self._at_least(tots - col, tots, 1 - d.value)
            elif d.kind == "cap":
                assert d.value is not None
                vals, tots = counts(d.index)
                ok[:, j] = np.all(
                    [self._at_least(tots - vals[:, i], tots, 1 - d.value) for i in range(self.n)],
                    axis=0,
                )
            elif d.kind == "veto":
                ok[:, j] = veto[:, who]
            elif d.kind == "no_veto":
                ok[:, j] = ~veto[:, who]
            elif d.kind in ("block_with", "cannot_block_with"):
                can = blocks([who] + [self.index_of[a] for a in d.allies])
                ok[:, j] = can if d.kind == "block_with" else ~can
            elif d.kind == "min_decisiveness":
                assert d.value is not None
                ok[:, j] = self._at_least(winning, np.full(g, self.space.size), d.value)
            else:  # not_dummy
                vals, _ = counts("banzhaf")
                ok[:, j] = vals[:, who] > 0
        vals, tots = counts(p.rank_index)
        if vals.dtype == object:
            power = np.array([[float(v) for v in row] for row in vals], dtype=np.float64)
        else:
            safe = np.where(tots > 0, tots, 1).astype(np.float64)
            power = vals.astype(np.float64) / safe[:, None]
        if p.rank_by == "decisiveness":
            score = 1.0 - winning / self.space.size
        elif self.target is not None:
            score = vector_distance(power, self.target, p.rank_distance)
        else:
            score = np.full(g, np.nan)
        degenerate = (winning == 1) | np.any(veto & ~self.asked_veto, axis=1)
        return GameFacts(ok, power, np.asarray(score, dtype=np.float64), winning, veto, degenerate)


def _quota_text(quotas: list[int]) -> str:
    quotas = sorted(set(quotas))
    if len(quotas) == 1:
        return str(quotas[0])
    if quotas == list(range(quotas[0], quotas[-1] + 1)):
        return f"{quotas[0]} (or any of {quotas[0]}-{quotas[-1]})"
    return f"{quotas[0]} (or any of {', '.join(map(str, quotas[1:]))})"


def describe_writings(problem: SettlementProblem, cands: list[Candidate]) -> list[str]:
    """The ways of writing one game, simplest first, rules differing only in the quota
    merged ("a quota of 61 (or any of 61-70) of 100 seats")."""
    groups: dict[tuple[Any, ...], list[int]] = {}
    for c in cands:
        params = {k: v for k, v in c.parameters.items() if k not in ("quota", "upper_quota")}
        key = (c.seats, c.family, repr(sorted(params.items())))
        q = c.parameters.get("quota", c.parameters.get("upper_quota", 0))
        groups.setdefault(key, []).append(int(q))
    ranged = any(lo != hi for lo, hi in problem.seats)
    out = []
    for (seats, family, _), quotas in groups.items():
        c = next(x for x in cands if x.seats == seats and x.family == family)
        p = c.parameters
        total = sum(seats)
        head = f"at least {_quota_text(quotas)} of {total} seats"
        if family == "weighted":
            text = head
        elif family == "veto":
            text = f"{head} and the consent of {' and '.join(p['vetoes'])}"
        elif family == "bloc_consent":
            text = (
                f"{head} and the consent of {p['required']} of {len(problem.blocs)} blocs "
                f"(each by {p['bloc_quota']} of its seats)"
            )
        else:
            text = (
                f"two tiers: blocs decide by {p['bloc_quota']} of their seats, then "
                f"{_quota_text(quotas)} in an upper body weighted by {p['upper']}"
            )
        if ranged:
            text = "seats " + "/".join(map(str, seats)) + ": " + text
        out.append(text)
    return out


def build_settlement(
    problem: SettlementProblem,
    cands: list[Candidate],
    table: npt.NDArray[np.bool_],
    power: npt.NDArray[np.float64] | tuple[float, ...],
    score: float,
    writings: int,
    evaluator: GameEvaluator | None,
) -> Settlement:
    """A result for one game: its writings, shares on every index used, decisiveness, vetoes,
    blocking coalitions, whether it is a weighted vote, and its warnings."""
    names = problem.names
    first = cands[0]
    rule = first.rule
    indices = dict.fromkeys(
        [problem.rank_index]
        + [d.index for d in problem.demands if d.kind in ("min_share", "max_share", "cap")]
    )
    shares: dict[str, tuple[float, ...]] = {}
    for index in indices:
        if evaluator is not None:
            vals, tots = evaluator.index_counts(table[None, :], index)
            t = tots[0]
            shares[index] = (
                tuple(float(Fraction(int(x), int(t))) if t else 0.0 for x in vals[0])
                if vals.dtype != object
                else tuple(float(x) for x in vals[0])
            )
    dec = decisiveness(rule)
    if first.family == "weighted":
        w = first.parameters["quota"]
        weighted = f"a weighted vote: quota {w} of {sum(first.seats)} seats"
        vote: tuple[tuple[int, ...], int] | None = (first.seats, int(w))
    elif problem.n <= BITSET_MAX_MEMBERS:
        wt = weightedness(table)
        weighted = f"the same game as {wt.describe(names)}" if wt.weighted else wt.describe(names)
        vote = (
            (wt.weights, int(wt.quota))
            if wt.weighted and wt.weights is not None and wt.quota is not None
            else None
        )
    else:
        weighted, vote = "", None
    warnings: list[str] = []
    if dec.winning == 1:
        warnings.append("unanimity: every member has a veto")
    else:
        asked = {d.party for d in problem.demands if d.kind == "veto"}
        unasked = [names[i] for i in dec.vetoes if names[i] not in asked]
        if unasked:
            warnings.append("vetoes nobody asked for: " + ", ".join(unasked))
    ok = tuple(True for _ in problem.demands)
    return Settlement(
        family=first.family,
        parameters=first.parameters,
        rule=rule.describe(),
        seats=first.seats,
        power=tuple(float(x) for x in power),
        score=score,
        satisfied=ok,
        descriptions=tuple(describe_writings(problem, cands)),
        writings=writings,
        shares=shares,
        decisiveness=float(dec.collectivity),
        decisiveness_exact=dec.collectivity,
        vetoes=tuple(names[i] for i in dec.vetoes),
        blocking=tuple(tuple(names[i] for i in c) for c in dec.smallest_blocking),
        blocking_size=dec.blocking_size or 0,
        decisiveness_words=tuple(dec.words()),
        weighted=weighted,
        weighted_vote=vote,
        warnings=tuple(warnings),
    )
