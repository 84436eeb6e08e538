"""Settlement search: rules that every party accepts, or the smallest set of demands that
cannot all be met.

A :class:`SettlementProblem` lists the members (seats fixed, or a range each with a fixed
total), candidate rule **families** and each party's **demands**.  :func:`settle`
enumerates every rule of every family, evaluates every demand on it exactly, and returns

* the rules meeting all demands, ranked by a stated criterion (default: closest to equal
  power, largest gap, on the Banzhaf index); or
* when none exists in the searched family, that statement with the family and its size, the
  **smallest** set of demands that conflict (a minimum hitting set of the demands each rule
  fails, found by branch and bound; by hitting-set duality every rule fails one of them:
  Reiter 1987, Artificial Intelligence 32:57-95; Liffiton & Sakallah 2008, J. Automated
  Reasoning 40:1-33) and an irreducible infeasible subset from the deletion filter of
  Chinneck & Dravnieks (1991, ORSA Journal on Computing 3:157-168).

Families
--------
``weighted``
    ``[q; seats]`` for every integer quota ``q`` in the range.
``veto``
    ``[q; seats]`` and, in addition, the consent of each member of a set ``V``, for every
    quota and every non-empty ``V`` among the listed members (default: the parties that
    demand a veto or a blocking position) up to ``max_size`` members.
``bloc_consent``
    ``[q; seats]`` and the consent of at least ``k`` of the blocs, each bloc deciding by a
    quota of its own seats, for every quota, every ``k`` and every listed bloc quota.
``two_tier``
    Each bloc (members in no bloc stand alone) decides by a quota of its own seats and
    casts its weight as a block in an upper body, weighted by the bloc's seats or one bloc
    one vote, for every upper quota.

Demands (each exact: power values are compared as fractions of exact counts)
-------
``min_share`` / ``max_share``
    The party's share of power on an index (normalised: shares sum to 1) at least / at most.
``cap``
    No member's share above the value.
``veto``
    The party alone can block every decision (``veto: false``: it must not).
``block_with`` / ``cannot_block_with``
    The party together with the named allies can (cannot) block every decision.
``not_dummy``
    The party is decisive in at least one coalition.
``min_decisiveness``
    At least this share of all coalitions can pass a decision (Coleman's power of the
    collectivity to act; Coleman 1971).

One result per game
-------------------
Rules with the same winning coalitions are the same game: a quota of 71 seats, the same
quota plus a veto the quota already gives, and the consent of 1, 2 or 3 of 5 blocs may all
be one game.  Each rule is turned into its winning-coalition bitset
(:func:`powershare.design.settle_rules.family_bitsets`: every quota of a weighted family from
one table of coalition seat sums; compound rules by bitwise AND), equal bitsets are merged
before any power is counted, and each distinct game is evaluated once
(:class:`powershare.design.settle_eval.GameEvaluator`).  A result lists its ways of writing,
simplest first, and says whether it is a weighted vote in disguise
(:func:`powershare.structure.weightedness.weightedness`: integer weights and quota verified by
counting, or a trading transform proving it is none; Taylor & Zwicker 1992).

Ranking: closeness (``rank_distance``) of power on ``rank_index`` to equal power, to seat
shares, to population shares, or most decisive first.  Degenerate games (unanimity, a veto
nobody asked for) come after every other game meeting the demands, and are marked.

Cost: :func:`estimate_settlement` counts the rules and estimates the time before the search;
:func:`settle` refuses (:class:`~powershare.errors.ResourceLimitError`) past
:data:`ESTIMATE_LIMIT_SECONDS` unless given a time budget, and when the budget stops a search
it says how many of the rules the ranking covers.

The pieces: :mod:`powershare.design.settlement` (problem and result types),
:mod:`powershare.design.settle_rules` (the rules of each family),
:mod:`powershare.design.settle_eval` (exact evaluation of the demands) and
:mod:`powershare.design.conflicts` (smallest conflicting demands).
"""

from __future__ import annotations

import itertools
import time
from collections.abc import Iterator
from typing import Any

import numpy as np
import numpy.typing as npt

from powershare.design._common import Budget, Progress
from powershare.design.conflicts import deletion_filter, minimum_conflict
from powershare.design.settle_eval import (
    Evaluator,
    GameEvaluator,
    GameFacts,
    build_settlement,
    evaluate_candidate,
    vector_distance,
)
from powershare.design.settle_rules import (
    BITSET_MAX_MEMBERS,
    Candidate,
    CoalitionSpace,
    SettleEstimate,
    candidate_at,
    candidates,
    complexities,
    describe_family,
    estimate_settlement,
    family_bitsets,
    family_variants,
    first_vector,
    seat_vectors,
)
from powershare.design.settlement import (
    DEMAND_KINDS,
    FAMILY_KINDS,
    RANK_KINDS,
    Demand,
    Family,
    Settlement,
    SettlementProblem,
    SettlementResult,
)
from powershare.errors import InvalidInputError, ResourceLimitError
from powershare.structure.decisiveness import decisiveness

__all__ = [
    "DEMAND_KINDS",
    "ESTIMATE_LIMIT_SECONDS",
    "FAMILY_KINDS",
    "RANK_KINDS",
    "Demand",
    "Family",
    "SettleEstimate",
    "Settlement",
    "SettlementProblem",
    "SettlementResult",
    "deletion_filter",
    "estimate_settlement",
    "minimum_conflict",
    "settle",
]

ESTIMATE_LIMIT_SECONDS = 120.0
"""Searches estimated above this many seconds are refused unless given a time budget."""
MAX_RULES_PER_ALLOCATION = 20_000_000
"""The rules of one seat allocation are evaluated together (one block of bitsets)."""

CHUNK_WORDS = 1 << 19
"""Bitset words (8 bytes each) built per batch of seat vectors."""

KEEP_WRITINGS = 40
"""Ways of writing kept per game meeting every demand (the count covers them all)."""


def settle(
    problem: SettlementProblem,
    *,
    top: int = 10,
    max_seconds: float | None = None,
    progress: Progress | None = None,
    refuse_above: float | None = ESTIMATE_LIMIT_SECONDS,
) -> SettlementResult:
    """Search the families of ``problem`` for games meeting every demand.

    Parameters
    ----------
    problem
        Members, families, demands and ranking (:func:`powershare.design.demands.load_demands`
        reads one from a YAML/JSON file).
    top
        How many of the best games to return.
    max_seconds
        Time budget; when it runs out the answer covers the rules evaluated so far and says
        so.
    progress
        ``progress(done, total, message)``.
    refuse_above
        Without ``max_seconds``, refuse searches estimated above this many seconds
        (``None``: never refuse); an admitted search then gets a budget of three times its
        estimate (at least ``refuse_above``).

    Returns
    -------
    SettlementResult

    Raises
    ------
    ResourceLimitError
        When the estimate exceeds ``refuse_above`` and no ``max_seconds`` is given.
    """
    started = time.perf_counter()
    if top < 1:
        raise InvalidInputError(f"top {top!r} must be 1 or more")
    budget = Budget(max_seconds)
    est = estimate_settlement(problem)
    if est.rules == 0:
        raise InvalidInputError(
            "the rule families hold no rule to search: "
            f"{describe_family(problem, est.seat_vectors)}; give a family with rules (for "
            "'veto', members who may hold a veto)"
        )
    if max_seconds is None and refuse_above is not None and est.seconds > refuse_above:
        raise ResourceLimitError(
            f"this settlement search has {est.describe()}, above the limit of "
            f"{refuse_above:.0f} s; give --max-seconds to search part of it (the answer then "
            "says how much), or narrow the seat ranges, quotas or families"
        )
    if max_seconds is None and refuse_above is not None:
        # admitted on its estimate: stop (saying how much was covered) if the estimate proves
        # wrong by more than three times, rather than run without end
        budget = Budget(max(refuse_above, 3 * est.seconds))
    if problem.n <= BITSET_MAX_MEMBERS:
        search = _BitsetSearch(problem, top, budget, progress, est)
        return search.run(started)
    return _settle_each(problem, top, budget, progress, est, started)


def _rank_description(problem: SettlementProblem) -> str:
    if problem.rank_by == "decisiveness":
        return "decisiveness (most coalitions able to pass a decision first)"
    target = {"equal": "equal power", "seats": "seat shares", "population": "population shares"}
    return (
        f"{problem.rank_distance} distance of {problem.rank_index} power from "
        f"{target[problem.rank_by]} (smaller is better)"
    )


class _Games:
    """Distinct games seen so far: their bitsets, facts, counts and best writings."""

    def __init__(self, problem: SettlementProblem, space: CoalitionSpace) -> None:
        self.index: dict[Any, int] = {}
        self.bits: list[npt.NDArray[np.uint64]] = []
        self.facts: list[GameFacts] = []
        self.count = np.zeros(0, dtype=np.int64)
        self.rank = np.zeros(0, dtype=np.int64)
        self.feasible = np.zeros(0, dtype=bool)
        self.seat_score = np.zeros(0, dtype=np.float64)
        self.seat_code = np.zeros(0, dtype=np.int64)
        self.power = np.zeros((0, problem.n), dtype=np.float64)
        self.writings: dict[int, list[int]] = {}

    @property
    def size(self) -> int:
        return len(self.count)

    def add(self, bits: npt.NDArray[np.uint64], facts: GameFacts) -> None:
        g = len(bits)
        self.bits.append(bits)
        self.facts.append(facts)
        self.count = np.concatenate([self.count, np.zeros(g, dtype=np.int64)])
        self.rank = np.concatenate([self.rank, np.full(g, np.iinfo(np.int64).max)])
        self.feasible = np.concatenate([self.feasible, facts.ok.all(axis=1)])
        self.seat_score = np.concatenate([self.seat_score, np.full(g, np.inf)])
        self.seat_code = np.concatenate([self.seat_code, np.full(g, -1, dtype=np.int64)])
        self.power = np.concatenate([self.power, facts.power])

    def merged(self) -> tuple[npt.NDArray[np.uint64], GameFacts]:
        f = self.facts
        facts = GameFacts(
            *(np.concatenate([getattr(x, k) for x in f]) for k in GameFacts.__dataclass_fields__)
        )
        return np.concatenate(self.bits), facts


_CODE_BITS = 44


class _BitsetSearch:
    def __init__(
        self,
        problem: SettlementProblem,
        top: int,
        budget: Budget,
        progress: Progress | None,
        est: SettleEstimate,
    ) -> None:
        self.problem = problem
        self.top = top
        self.budget = budget
        self.progress = progress
        self.est = est
        self.space = CoalitionSpace(problem.n)
        self.evaluator = GameEvaluator(problem, self.space)
        self.games = _Games(problem, self.space)
        _, first = first_vector(problem)
        self.per_family = [family_variants(problem, f, first) for f in problem.families]
        per_vector = sum(self.per_family)
        if per_vector > MAX_RULES_PER_ALLOCATION:  # one allocation's bitsets are built at once
            raise ResourceLimitError(
                f"one seat allocation has {per_vector:,} rules (one per quota and variant), "
                f"over the {MAX_RULES_PER_ALLOCATION:,} evaluated at once; narrow the quota "
                "range (quota_range) or use fewer seats"
            )
        self.max_j = max(self.per_family, default=1) or 1
        self.complexity = [
            np.array(complexities(problem, f, j), dtype=np.int64)
            for f, j in zip(problem.families, self.per_family, strict=True)
        ]
        self.vectors: list[npt.NDArray[np.int64]] = []

    def _code(self, v: int, f: int, j: int) -> int:
        return (v * len(self.problem.families) + f) * self.max_j + j

    def decode(self, code: int) -> Candidate:
        f_count = len(self.problem.families)
        j = code % self.max_j
        rest = code // self.max_j
        f, v = rest % f_count, rest // f_count
        seats = tuple(int(x) for x in np.concatenate(self.vectors)[v])
        return candidate_at(self.problem, self.problem.families[f], seats, j)

    def chunks(self) -> Iterator[npt.NDArray[np.int64]]:
        per_vector = max(1, sum(self.per_family) * self.space.words)
        size = max(1, CHUNK_WORDS // per_vector)
        _, vectors = seat_vectors(self.problem)
        while True:
            block = list(itertools.islice(vectors, size))
            if not block:
                return
            yield np.array(block, dtype=np.int64)

    def run(self, started: float) -> SettlementResult:
        evaluated = 0
        stopped = False
        v0 = 0
        for seats in self.chunks():
            if self.budget.expired():
                stopped = True
                break
            self.vectors.append(seats)
            evaluated += self._chunk(seats, v0)
            v0 += len(seats)
            if self.progress:
                self.progress(evaluated, self.est.rules, "rules")
        return self._result(evaluated, stopped, started)

    def _chunk(self, seats: npt.NDArray[np.int64], v0: int) -> int:
        problem, space, games = self.problem, self.space, self.games
        v = len(seats)
        blocks, ranks = [], []
        vids = np.arange(v0, v0 + v, dtype=np.int64)
        for f, fam in enumerate(problem.families):
            j = self.per_family[f]
            if j == 0:
                continue
            bits = family_bitsets(problem, fam, seats, space)
            blocks.append(bits.reshape(-1, space.words))
            codes = (vids[:, None] * len(problem.families) + f) * self.max_j + np.arange(j)
            ranks.append(((self.complexity[f] << _CODE_BITS)[None, :] | codes).ravel())
        if not blocks:  # no family has a rule for these seats
            return 0
        allbits = np.concatenate(blocks)
        allranks = np.concatenate(ranks)
        if space.words == 1:
            keys: npt.NDArray[Any] = allbits[:, 0]
        else:
            keys = np.ascontiguousarray(allbits).view(f"V{8 * space.words}").ravel()
        uniq, first, inverse = np.unique(keys, return_index=True, return_inverse=True)
        inverse = inverse.ravel()
        counts = np.bincount(inverse, minlength=len(uniq))
        order = np.lexsort((allranks, inverse))
        starts = np.concatenate([[0], np.cumsum(counts)[:-1]])
        gids = np.empty(len(uniq), dtype=np.int64)
        new: list[int] = []
        for u, key in enumerate(uniq.tolist()):
            gid = games.index.get(key)
            if gid is None:
                gid = games.size + len(new)
                games.index[key] = gid
                new.append(u)
            gids[u] = gid
        if new:
            rows = first[np.array(new)]
            games.add(allbits[rows], self.evaluator.evaluate(allbits[rows]))
        games.count[gids] += counts
        best = allranks[order[starts]]
        games.rank[gids] = np.minimum(games.rank[gids], best)
        feasible_u = np.flatnonzero(games.feasible[gids])
        for u in feasible_u.tolist():
            gid = int(gids[u])
            end = starts[u] + min(int(counts[u]), KEEP_WRITINGS)
            sel = allranks[order[starts[u] : end]].tolist()
            kept = games.writings.setdefault(gid, [])
            kept.extend(sel)
            kept.sort()
            del kept[KEEP_WRITINGS:]
        if problem.rank_by == "seats" and len(feasible_u):
            self._seat_scores(seats, v0, gids, inverse, allranks)
        return len(allbits)

    def _seat_scores(
        self,
        seats: npt.NDArray[np.int64],
        v0: int,
        gids: npt.NDArray[np.int64],
        inverse: npt.NDArray[np.int64],
        allranks: npt.NDArray[np.int64],
    ) -> None:
        games = self.games
        rule_gid = gids[inverse]
        rows = np.flatnonzero(games.feasible[rule_gid])
        codes = allranks[rows] & ((1 << _CODE_BITS) - 1)
        vid = codes // self.max_j // len(self.problem.families) - v0
        shares = seats[vid] / seats[vid].sum(axis=1, keepdims=True)
        score = vector_distance(games.power[rule_gid[rows]], shares, self.problem.rank_distance)
        g = rule_gid[rows]
        order = np.lexsort((codes, score, g))
        g_sorted = g[order]
        firsts = order[np.concatenate([[True], g_sorted[1:] != g_sorted[:-1]])]
        for r in firsts.tolist():
            gid = int(g[r])
            if score[r] < games.seat_score[gid]:
                games.seat_score[gid] = score[r]
                games.seat_code[gid] = int(codes[r])

    def _result(self, evaluated: int, stopped: bool, started: float) -> SettlementResult:
        problem, games = self.problem, self.games
        n_d = len(problem.demands)
        if games.size:
            bits, facts = games.merged()
        else:
            bits = np.zeros((0, self.space.words), dtype=np.uint64)
            facts = self.evaluator.evaluate(bits)
        feasible = games.feasible
        score = games.seat_score if problem.rank_by == "seats" else facts.score
        fail_counts = tuple(int((games.count * ~facts.ok[:, j]).sum()) for j in range(n_d))
        idx = np.flatnonzero(feasible)
        order = idx[np.lexsort((games.rank[idx], score[idx], facts.degenerate[idx]))]
        settlements = tuple(
            self._settlement(int(g), bits[g], facts, score) for g in order[: self.top]
        )
        conflict: tuple[int, ...] = ()
        irreducible: tuple[int, ...] = ()
        proven_min = True
        if not len(idx) and n_d:
            rows = np.unique(facts.ok, axis=0) if len(facts.ok) else facts.ok
            masks = [sum(1 << j for j in range(n_d) if row[j]) for row in rows.tolist()]
            irreducible = deletion_filter(n_d, masks)
            conflict, proven_min = minimum_conflict(n_d, masks, irreducible, self.budget)
        notes: list[str] = []
        if settlements and settlements[0].warnings:
            notes.append(
                "the first result is degenerate (" + "; ".join(settlements[0].warnings) + "): "
                "no game without such a defect meets every demand"
            )
        complete = not stopped and evaluated == self.est.rules
        return SettlementResult(
            problem=problem,
            settlements=settlements,
            feasible_count=int(games.count[feasible].sum()),
            family_size=self.est.rules,
            evaluated=evaluated,
            complete=complete,
            family_description=describe_family(problem, self.est.seat_vectors),
            conflict=conflict,
            irreducible=irreducible,
            fail_counts=fail_counts,
            rank_description=_rank_description(problem),
            seconds=time.perf_counter() - started,
            conflict_proven_minimum=proven_min,
            notes=tuple(notes),
            feasible_games=len(idx),
            games=games.size,
            estimate_seconds=self.est.seconds,
        )

    def _settlement(
        self, gid: int, bits: npt.NDArray[np.uint64], facts: GameFacts, score: npt.NDArray[Any]
    ) -> Settlement:
        problem, games = self.problem, self.games
        mask = (1 << _CODE_BITS) - 1
        codes = [r & mask for r in games.writings.get(gid, [])]
        if problem.rank_by == "seats" and games.seat_code[gid] >= 0:
            primary = int(games.seat_code[gid])
            codes = [primary] + [c for c in codes if c != primary]
        cands = [self.decode(c) for c in codes]
        table = self.space.unpack(bits[None, :])[0]
        return build_settlement(
            problem,
            cands,
            table,
            facts.power[gid],
            float(score[gid]),
            int(games.count[gid]),
            self.evaluator,
        )


def _settle_each(
    problem: SettlementProblem,
    top: int,
    budget: Budget,
    progress: Progress | None,
    est: SettleEstimate,
    started: float,
) -> SettlementResult:
    """Rule by rule, for bodies above :data:`BITSET_MAX_MEMBERS` (no merging of games)."""
    n = problem.n
    ev = Evaluator(problem)
    masks: list[int] = []
    found: list[tuple[float, Candidate, tuple[float, ...]]] = []
    feasible_count = 0
    fail_counts = [0] * len(problem.demands)
    all_ok = (1 << len(problem.demands)) - 1
    evaluated = 0
    stopped = False
    _, vectors = seat_vectors(problem)
    for seats in vectors:
        if problem.rank_by == "seats":
            target = tuple(s / sum(seats) for s in seats)
        elif problem.rank_by == "population":
            assert problem.populations is not None
            tot = sum(problem.populations)
            target = tuple(float(p / tot) for p in problem.populations)
        else:
            target = tuple(1.0 / n for _ in range(n))
        for fam in problem.families:
            for cand in candidates(problem, fam, seats):
                if budget.expired():
                    stopped = True
                    break
                mask, power, score, ok = evaluate_candidate(ev, cand, target)
                evaluated += 1
                if progress and evaluated % 16 == 0:
                    progress(evaluated, est.rules, "rules")
                masks.append(mask)
                for j, good in enumerate(ok):
                    fail_counts[j] += not good
                if mask == all_ok:
                    feasible_count += 1
                    if problem.rank_by == "decisiveness":
                        score = 1 - float(decisiveness(cand.rule).collectivity)
                    found.append((score, cand, power))
                    found.sort(key=lambda x: x[0])
                    del found[top:]
            if stopped:
                break
        if stopped:
            break
    conflict: tuple[int, ...] = ()
    irreducible: tuple[int, ...] = ()
    proven_min = True
    if feasible_count == 0 and problem.demands:
        distinct = list(set(masks))
        irreducible = deletion_filter(len(problem.demands), distinct)
        conflict, proven_min = minimum_conflict(len(problem.demands), distinct, irreducible, budget)
    empty = np.zeros(0, dtype=bool)
    settlements = tuple(
        build_settlement(problem, [cand], empty, power, score, 1, None)
        for score, cand, power in found
    )
    return SettlementResult(
        problem=problem,
        settlements=settlements,
        feasible_count=feasible_count,
        family_size=est.rules,
        evaluated=evaluated,
        complete=not stopped and evaluated == est.rules,
        family_description=describe_family(problem, est.seat_vectors),
        conflict=conflict,
        irreducible=irreducible,
        fail_counts=tuple(fail_counts),
        rank_description=_rank_description(problem),
        seconds=time.perf_counter() - started,
        conflict_proven_minimum=proven_min,
        notes=(
            f"{n} members: evaluated rule by rule (no merging of equal games above "
            f"{BITSET_MAX_MEMBERS} members); slower",
        ),
        feasible_games=feasible_count,
        games=evaluated,
        estimate_seconds=est.seconds,
    )
