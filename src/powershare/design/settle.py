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
    The party alone can block every decision.
``block_with``
    The party together with the named allies can block every decision.
``not_dummy``
    The party is decisive in at least one coalition.
"""

from __future__ import annotations

import itertools
import math
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any, Literal

import numpy as np
import numpy.typing as npt

from powershare.design._common import Budget, Progress, quota_bounds
from powershare.design.distance import DISTANCES, get_distance
from powershare.design.evaluate import canonical_index
from powershare.design.inverse import _vectors, count_weight_vectors
from powershare.errors import InvalidInputError
from powershare.games.base import SimpleGame, validate_names
from powershare.games.compound import AllOf, Bloc, BlocConsent, TwoTier, Veto
from powershare.games.quota import parse_quota
from powershare.games.weighted import WeightedGame

__all__ = [
    "DEMAND_KINDS",
    "deletion_filter",
    "minimum_conflict",
    "FAMILY_KINDS",
    "Demand",
    "Family",
    "Settlement",
    "SettlementProblem",
    "SettlementResult",
    "settle",
]

DEMAND_KINDS = ("min_share", "max_share", "cap", "veto", "block_with", "not_dummy")
FAMILY_KINDS = ("weighted", "veto", "bloc_consent", "two_tier")
TABLE_MAX_MEMBERS = 22

DemandKind = Literal["min_share", "max_share", "cap", "veto", "block_with", "not_dummy"]


@dataclass(frozen=True)
class Demand:
    """One party's demand (``party`` is ``None`` for a cap on everyone)."""

    kind: DemandKind
    party: str | None = None
    value: Fraction | None = None
    allies: tuple[str, ...] = ()
    index: str = "banzhaf"
    label: str = ""

    def describe(self) -> str:
        """The demand in words."""
        if self.label:
            return self.label
        pct = f"{float(self.value) * 100:.4g}%" if self.value is not None else ""
        if self.kind == "min_share":
            return f"{self.party}: at least {pct} of {self.index} power"
        if self.kind == "max_share":
            return f"{self.party}: at most {pct} of {self.index} power"
        if self.kind == "cap":
            return f"no member above {pct} of {self.index} power"
        if self.kind == "veto":
            return f"{self.party}: a veto"
        if self.kind == "block_with":
            return f"{self.party}: can block together with {', '.join(self.allies)}"
        return f"{self.party}: not a dummy"


@dataclass(frozen=True)
class Family:
    """A candidate rule family and its parameters (see the module docstring)."""

    kind: str
    quota_range: tuple[object, object] = ("majority", "100%")
    bloc_quotas: tuple[object, ...] = ("majority",)
    required: tuple[int, ...] = ()
    upper: tuple[str, ...] = ("seats", "equal")
    vetoers: tuple[str, ...] = ()
    max_size: int = 3


@dataclass(frozen=True)
class SettlementProblem:
    """Members, rule families, demands and the ranking criterion.

    Attributes
    ----------
    names
        Members (parties).
    seats
        ``(min, max)`` seats of each member (equal ends: fixed).
    total_seats
        Fixed total when any member's seats are a range.
    blocs
        ``(bloc name, member names)``, for ``bloc_consent`` and ``two_tier``.
    families, demands
        What to search and what every rule must satisfy.
    rank_by
        ``"equal"`` (default) or ``"seats"`` (power proportional to seats).
    rank_index, rank_distance
        Index and distance of the ranking.
    """

    names: tuple[str, ...]
    seats: tuple[tuple[int, int], ...]
    demands: tuple[Demand, ...]
    families: tuple[Family, ...] = (Family("weighted"),)
    total_seats: int | None = None
    blocs: tuple[tuple[str, tuple[str, ...]], ...] = ()
    rank_by: str = "equal"
    rank_index: str = "banzhaf"
    rank_distance: str = "max_abs"
    title: str = ""

    def __post_init__(self) -> None:
        names = validate_names(list(self.names), len(self.names))
        if len(self.seats) != len(names):
            raise InvalidInputError(f"{len(self.seats)} seat entries for {len(names)} members")
        for name, (lo, hi) in zip(names, self.seats, strict=True):
            if lo < 1 or hi < lo:
                raise InvalidInputError(
                    f"seats of {name!r} are {lo}..{hi}; give whole numbers, at least 1, min <= max"
                )
        ranged = any(lo != hi for lo, hi in self.seats)
        if ranged and self.total_seats is None:
            raise InvalidInputError(
                "some members have a seat range; give total_seats (the fixed total)"
            )
        if self.total_seats is not None:
            lo_sum = sum(lo for lo, _ in self.seats)
            hi_sum = sum(hi for _, hi in self.seats)
            if not lo_sum <= self.total_seats <= hi_sum:
                raise InvalidInputError(
                    f"total_seats {self.total_seats} cannot be met: the members' seats add up to "
                    f"{lo_sum}..{hi_sum}"
                )
        seen: dict[str, str] = {}
        for bloc, members in self.blocs:
            for m in members:
                if m not in names:
                    raise InvalidInputError(
                        f"bloc {bloc!r}: unknown member {m!r}; members are {', '.join(names)}"
                    )
                if m in seen:
                    raise InvalidInputError(
                        f"member {m!r} is in two blocs, {seen[m]!r} and {bloc!r}"
                    )
                seen[m] = bloc
        for d in self.demands:
            for who in ((d.party,) if d.party else ()) + d.allies:
                if who not in names:
                    raise InvalidInputError(
                        f"demand {d.describe()!r}: unknown member {who!r}; members are "
                        f"{', '.join(names)}"
                    )
            if d.kind not in DEMAND_KINDS:
                raise InvalidInputError(
                    f"unknown demand {d.kind!r}; known demands: {', '.join(DEMAND_KINDS)}"
                )
            if d.kind in ("min_share", "max_share", "cap") and (
                d.value is None or not 0 <= d.value <= 1
            ):
                raise InvalidInputError(
                    f"demand {d.describe()!r}: the share must be between 0 and 100%"
                )
        for f in self.families:
            if f.kind not in FAMILY_KINDS:
                raise InvalidInputError(
                    f"unknown rule family {f.kind!r}; known families: {', '.join(FAMILY_KINDS)}"
                )
            if f.kind in ("bloc_consent", "two_tier") and not self.blocs:
                raise InvalidInputError(f"rule family {f.kind!r} needs blocs; list them")
            for v in f.vetoers:
                if v not in names:
                    raise InvalidInputError(f"veto family: unknown member {v!r}")
        if self.rank_by not in ("equal", "seats"):
            raise InvalidInputError(f"rank by {self.rank_by!r}: use 'equal' or 'seats'")
        get_distance(self.rank_distance)
        canonical_index(self.rank_index)

    @property
    def n(self) -> int:
        """Number of members."""
        return len(self.names)


@dataclass(frozen=True)
class Settlement:
    """A rule of the searched family, the demands it meets and its power."""

    family: str
    parameters: dict[str, Any]
    rule: str
    seats: tuple[int, ...]
    power: tuple[float, ...]
    score: float
    satisfied: tuple[bool, ...]

    def to_dict(self, names: Sequence[str]) -> dict[str, Any]:
        """JSON-ready."""
        return {
            "family": self.family,
            "parameters": self.parameters,
            "rule": self.rule,
            "score": self.score,
            "members": [
                {"name": n, "seats": self.seats[i], "power": self.power[i]}
                for i, n in enumerate(names)
            ],
        }


@dataclass(frozen=True)
class SettlementResult:
    """What :func:`settle` found.

    Attributes
    ----------
    settlements
        Rules meeting every demand, best first (at most ``top``).
    feasible_count
        How many rules of the family meet every demand.
    family_size, evaluated
        Rules in the family; rules evaluated (equal unless the time budget ran out).
    complete
        Whether the whole family was evaluated: only then is "none" a proof.
    family_description
        The family in words.
    conflict
        When none meets every demand: a minimum-size set of demand positions that no rule of
        the (searched part of the) family meets together.
    irreducible
        An irreducible infeasible subset from the deletion filter (every proper subset is met
        by some rule).
    fail_counts
        For each demand, how many evaluated rules fail it.
    """

    problem: SettlementProblem
    settlements: tuple[Settlement, ...]
    feasible_count: int
    family_size: int
    evaluated: int
    complete: bool
    family_description: str
    conflict: tuple[int, ...]
    irreducible: tuple[int, ...]
    fail_counts: tuple[int, ...]
    rank_description: str
    seconds: float
    conflict_proven_minimum: bool = True
    notes: tuple[str, ...] = field(default=())

    @property
    def found(self) -> bool:
        """Whether some rule meets every demand."""
        return self.feasible_count > 0

    def statement(self) -> str:
        """The answer in one paragraph."""
        fam = f"{self.family_description} ({self.family_size:,} rules)"
        if self.found:
            return (
                f"{self.feasible_count:,} of the {self.evaluated:,} rules searched meet every "
                f"demand; ranked by {self.rank_description}. Family: {fam}."
            )
        demands = self.problem.demands
        conflict = "; ".join(demands[i].describe() for i in self.conflict)
        head = (
            f"No rule in the family meets every demand (all {self.family_size:,} rules "
            "evaluated: proven)."
            if self.complete
            else f"No rule meets every demand among the {self.evaluated:,} of "
            f"{self.family_size:,} rules evaluated before the time budget ran out (not proven)."
        )
        return (
            f"{head} Family: {fam}. Smallest set of demands that conflict "
            f"({len(self.conflict)}): {conflict}."
        )

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready."""
        demands = self.problem.demands
        return {
            "found": self.found,
            "statement": self.statement(),
            "family": self.family_description,
            "family_size": self.family_size,
            "evaluated": self.evaluated,
            "complete": self.complete,
            "feasible_count": self.feasible_count,
            "rank": self.rank_description,
            "seconds": self.seconds,
            "demands": [
                {"demand": d.describe(), "failed_by": self.fail_counts[i]}
                for i, d in enumerate(demands)
            ],
            "settlements": [s.to_dict(self.problem.names) for s in self.settlements],
            "conflict": [demands[i].describe() for i in self.conflict],
            "conflict_proven_minimum": self.conflict_proven_minimum,
            "irreducible_infeasible_subset": [demands[i].describe() for i in self.irreducible],
            "notes": list(self.notes),
        }


# ---------------------------------------------------------------------------------------------
# Candidates
# ---------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class _Candidate:
    family: str
    parameters: dict[str, Any]
    seats: tuple[int, ...]
    rule: SimpleGame
    weighted: tuple[tuple[int, ...], int] | None  # plain weighted game: (weights, quota)


def _bloc_groups(problem: SettlementProblem) -> list[tuple[str, tuple[int, ...]]]:
    idx = {n: i for i, n in enumerate(problem.names)}
    return [(b, tuple(idx[m] for m in members)) for b, members in problem.blocs]


def _bloc_rule(
    names: Sequence[str], seats: Sequence[int], members: Sequence[int], share: object
) -> WeightedGame:
    w = [seats[i] for i in members]
    q = max(1, min(sum(w), parse_quota(share).resolve(sum(w))))
    return WeightedGame(q, w, [names[i] for i in members])


def _family_variants(problem: SettlementProblem, fam: Family, seats: tuple[int, ...]) -> int:
    """Number of rules of ``fam`` for one seat vector."""
    total = sum(seats)
    if fam.kind == "two_tier":
        units = _units(problem)
        count = 0
        for upper in fam.upper:
            uw = _upper_weights(units, seats, upper)
            lo, hi = quota_bounds(fam.quota_range, sum(uw))
            count += hi - lo + 1
        return count * len(fam.bloc_quotas)
    lo, hi = quota_bounds(fam.quota_range, total)
    quotas = hi - lo + 1
    if fam.kind == "weighted":
        return quotas
    if fam.kind == "veto":
        k = len(_vetoers(problem, fam))
        return quotas * sum(math.comb(k, s) for s in range(1, min(fam.max_size, k) + 1))
    blocs = len(problem.blocs)
    required = fam.required or tuple(range(1, blocs + 1))
    return quotas * len(required) * len(fam.bloc_quotas)


def _vetoers(problem: SettlementProblem, fam: Family) -> tuple[str, ...]:
    if fam.vetoers:
        return fam.vetoers
    out: list[str] = []
    for d in problem.demands:
        if d.kind in ("veto", "block_with") and d.party and d.party not in out:
            out.append(d.party)
    return tuple(out)


def _units(problem: SettlementProblem) -> list[tuple[str, tuple[int, ...]]]:
    groups = _bloc_groups(problem)
    inside = {i for _, g in groups for i in g}
    units = list(groups)
    for i, name in enumerate(problem.names):
        if i not in inside:
            units.append((name, (i,)))
    return units


def _upper_weights(
    units: Sequence[tuple[str, tuple[int, ...]]], seats: Sequence[int], upper: str
) -> list[int]:
    if upper == "equal":
        return [1] * len(units)
    if upper == "seats":
        return [sum(seats[i] for i in g) for _, g in units]
    raise InvalidInputError(f"two_tier upper weights {upper!r}: use 'seats' or 'equal'")


def _candidates(
    problem: SettlementProblem, fam: Family, seats: tuple[int, ...]
) -> Iterator[_Candidate]:
    names = problem.names
    total = sum(seats)
    if fam.kind == "two_tier":
        units = _units(problem)
        unit_names = [u for u, _ in units]
        for bq in fam.bloc_quotas:
            unit_rules = [(u, _bloc_rule(names, seats, g, bq)) for u, g in units]
            for upper in fam.upper:
                uw = _upper_weights(units, seats, upper)
                lo, hi = quota_bounds(fam.quota_range, sum(uw))
                for q in range(lo, hi + 1):
                    tt = TwoTier(unit_rules, WeightedGame(q, uw, unit_names))
                    yield _Candidate(
                        "two_tier",
                        {"bloc_quota": str(bq), "upper": upper, "upper_quota": q},
                        seats,
                        tt,
                        None,
                    )
        return
    lo, hi = quota_bounds(fam.quota_range, total)
    for q in range(lo, hi + 1):
        base = WeightedGame(q, list(seats), list(names))
        if fam.kind == "weighted":
            yield _Candidate("weighted", {"quota": q}, seats, base, (seats, q))
        elif fam.kind == "veto":
            pool = _vetoers(problem, fam)
            for size in range(1, min(fam.max_size, len(pool)) + 1):
                for group in itertools.combinations(pool, size):
                    yield _Candidate(
                        "veto",
                        {"quota": q, "vetoes": list(group)},
                        seats,
                        AllOf([base, Veto(list(group), list(names))]),
                        None,
                    )
        else:
            groups = _bloc_groups(problem)
            required = fam.required or tuple(range(1, len(groups) + 1))
            for bq in fam.bloc_quotas:
                blocs = [
                    Bloc(b, tuple(names[i] for i in g), _bloc_rule(names, seats, g, bq))
                    for b, g in groups
                ]
                for k in required:
                    if not 1 <= k <= len(groups):
                        raise InvalidInputError(
                            f"bloc_consent: required {k} must be from 1 to {len(groups)}"
                        )
                    yield _Candidate(
                        "bloc_consent",
                        {"quota": q, "bloc_quota": str(bq), "required": k},
                        seats,
                        AllOf([base, BlocConsent(blocs, list(names), required=k)]),
                        None,
                    )


# ---------------------------------------------------------------------------------------------
# Exact evaluation from the truth table
# ---------------------------------------------------------------------------------------------
class _Table:
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


class _Evaluator:
    def __init__(self, problem: SettlementProblem) -> None:
        self.problem = problem
        self.n = problem.n
        self.table = _Table(self.n) if self.n <= TABLE_MAX_MEMBERS else None
        self.sums_cache: dict[tuple[int, ...], npt.NDArray[np.int64]] = {}
        self.index_of = {name: i for i, name in enumerate(problem.names)}

    def win(self, cand: _Candidate) -> npt.NDArray[np.bool_]:
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
        self, cand: _Candidate, win: npt.NDArray[np.bool_] | None, index: str
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
        self, cand: _Candidate, win: npt.NDArray[np.bool_] | None, group: Sequence[int]
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


def _share_of(shares: Any, i: int) -> Fraction:
    if isinstance(shares[0], tuple):
        counts, total = shares
        return Fraction(counts[i], total) if total else Fraction(0)
    value: Fraction = shares[i]
    return value


def _as_floats(shares: Any, n: int) -> tuple[float, ...]:
    if shares and isinstance(shares[0], tuple):
        counts, total = shares
        return tuple(c / total if total else 0.0 for c in counts)
    return tuple(float(v) for v in shares)


def _evaluate(
    ev: _Evaluator, cand: _Candidate, target: tuple[float, ...]
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
            s = _share_of(shares(d.index), ev.index_of[d.party])
            ok.append(s >= d.value if d.kind == "min_share" else s <= d.value)
        elif d.kind == "cap":
            assert d.value is not None
            sh = shares(d.index)
            ok.append(all(_share_of(sh, i) <= d.value for i in range(ev.n)))
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
            ok.append(_share_of(sh, ev.index_of[d.party]) > 0)
    mask = 0
    for j, good in enumerate(ok):
        if good:
            mask |= 1 << j
    power = _as_floats(shares(problem.rank_index), ev.n)
    score = DISTANCES[get_distance(problem.rank_distance)](power, target)
    return mask, power, score, tuple(ok)


# ---------------------------------------------------------------------------------------------
# Conflicts
# ---------------------------------------------------------------------------------------------
def _feasible(subset: int, masks: Sequence[int]) -> bool:
    return any(m & subset == subset for m in masks)


def deletion_filter(n_demands: int, masks: Sequence[int]) -> tuple[int, ...]:
    """An irreducible infeasible subset (Chinneck & Dravnieks 1991): drop each demand in turn
    and keep it dropped when the rest stay infeasible."""
    current = (1 << n_demands) - 1
    for j in range(n_demands):
        trial = current & ~(1 << j)
        if not _feasible(trial, masks):
            current = trial
    return tuple(j for j in range(n_demands) if current >> j & 1)


def minimum_conflict(
    n_demands: int, masks: Sequence[int], upper: tuple[int, ...], budget: Budget | None = None
) -> tuple[tuple[int, ...], bool]:
    """A smallest set of demands that no rule meets together.

    A set ``C`` is infeasible iff it meets the failed set ``F_r`` of every rule ``r``
    (``C`` is a hitting set of the ``F_r``); the smallest hitting set is found by branch and
    bound (branch on the elements of an unhit set with fewest elements, bound by the best
    found), starting from ``upper`` (an infeasible set).  Returns ``(set, proven)``.
    """
    full = (1 << n_demands) - 1
    failed = sorted({full & ~m for m in masks}, key=lambda f: f.bit_count())
    minimal: list[int] = []
    for f in failed:  # keep only inclusion-minimal failed sets
        if not any(g & f == g for g in minimal):
            minimal.append(f)
    best = [sum(1 << j for j in upper)]
    proven = [True]

    def search(chosen: int, size: int) -> None:
        if budget is not None and budget.expired():
            proven[0] = False
            return
        unhit = [f for f in minimal if not f & chosen]
        if not unhit:
            if size < best[0].bit_count():
                best[0] = chosen
            return
        if size + 1 >= best[0].bit_count():
            return
        pick = min(unhit, key=lambda f: f.bit_count())
        j = 0
        bits = pick
        while bits:
            if bits & 1:
                search(chosen | (1 << j), size + 1)
            bits >>= 1
            j += 1

    search(0, 0)
    return tuple(j for j in range(n_demands) if best[0] >> j & 1), proven[0]


# ---------------------------------------------------------------------------------------------
# The search
# ---------------------------------------------------------------------------------------------
def _seat_vectors(problem: SettlementProblem) -> tuple[int, Iterator[tuple[int, ...]]]:
    lo = [a for a, _ in problem.seats]
    hi = [b for _, b in problem.seats]
    if lo == hi:
        return 1, iter([tuple(lo)])
    total = problem.total_seats
    assert total is not None
    count = count_weight_vectors(total, lo, hi, False)
    assert count is not None
    return count, _vectors(total, lo, hi, False)


def _describe_family(problem: SettlementProblem, n_seat_vectors: int) -> str:
    parts = []
    for fam in problem.families:
        lo, hi = fam.quota_range
        if fam.kind == "weighted":
            parts.append(f"weighted quota rules, every quota from {lo} to {hi} of the seats")
        elif fam.kind == "veto":
            who = ", ".join(_vetoers(problem, fam)) or "nobody"
            parts.append(
                f"weighted quota (every quota {lo}..{hi}) plus vetoes for every non-empty set of "
                f"at most {fam.max_size} of {who}"
            )
        elif fam.kind == "bloc_consent":
            req = ", ".join(map(str, fam.required)) or f"1..{len(problem.blocs)}"
            bq = ", ".join(map(str, fam.bloc_quotas))
            parts.append(
                f"weighted quota (every quota {lo}..{hi}) plus consent of {req} of "
                f"{len(problem.blocs)} blocs (bloc quota {bq} of its seats)"
            )
        else:
            bq = ", ".join(map(str, fam.bloc_quotas))
            parts.append(
                f"two-tier: blocs decide by {bq} of their seats, upper body weighted by "
                f"{' or '.join(fam.upper)}, every upper quota {lo}..{hi}"
            )
    seats = (
        "seats as given"
        if n_seat_vectors == 1
        else f"every one of the {n_seat_vectors:,} seat allocations within the members' ranges "
        f"summing to {problem.total_seats}"
    )
    return "; ".join(parts) + f"; {seats}"


def settle(
    problem: SettlementProblem,
    *,
    top: int = 10,
    max_seconds: float | None = None,
    progress: Progress | None = None,
) -> SettlementResult:
    """Search the families of ``problem`` for rules meeting every demand.

    Parameters
    ----------
    problem
        Members, families, demands and ranking (:func:`powershare.design.demands.load_demands`
        reads one from a YAML/JSON file).
    top
        How many of the best rules to return.
    max_seconds
        Time budget; when it runs out the answer covers the rules evaluated so far and says
        it is not proven.
    progress
        ``progress(done, total, message)``.

    Returns
    -------
    SettlementResult
    """
    started = time.perf_counter()
    if top < 1:
        raise InvalidInputError(f"top {top!r} must be 1 or more")
    budget = Budget(max_seconds)
    n = problem.n
    ev = _Evaluator(problem)
    n_vectors, vectors = _seat_vectors(problem)
    seat_list = list(vectors) if n_vectors <= 10_000 else None
    if seat_list is not None:
        family_size = sum(
            _family_variants(problem, fam, s) for s in seat_list for fam in problem.families
        )
        vector_iter: Iterator[tuple[int, ...]] = iter(seat_list)
    else:
        first = next(_seat_vectors(problem)[1])
        family_size = n_vectors * sum(_family_variants(problem, f, first) for f in problem.families)
        vector_iter = vectors
    masks: list[int] = []
    feasible: list[Settlement] = []
    feasible_count = 0
    fail_counts = [0] * len(problem.demands)
    all_ok = (1 << len(problem.demands)) - 1
    evaluated = 0
    stopped = False
    for seats in vector_iter:
        if problem.rank_by == "equal":
            target = tuple(1.0 / n for _ in range(n))
        else:
            total = sum(seats)
            target = tuple(s / total for s in seats)
        for fam in problem.families:
            for cand in _candidates(problem, fam, seats):
                if evaluated % 64 == 0:
                    if budget.expired():
                        stopped = True
                        break
                    if progress:
                        progress(evaluated, family_size, "rules")
                mask, power, score, ok = _evaluate(ev, cand, target)
                evaluated += 1
                masks.append(mask)
                for j, good in enumerate(ok):
                    if not good:
                        fail_counts[j] += 1
                if mask == all_ok:
                    feasible_count += 1
                    feasible.append(
                        Settlement(
                            cand.family,
                            cand.parameters,
                            cand.rule.describe(),
                            seats,
                            power,
                            score,
                            ok,
                        )
                    )
                    if len(feasible) > 4 * top:
                        feasible.sort(key=lambda s: s.score)
                        del feasible[top:]
            if stopped:
                break
        if stopped:
            break
    if progress:
        progress(evaluated, family_size, "rules")
    feasible.sort(key=lambda s: s.score)
    conflict: tuple[int, ...] = ()
    irreducible: tuple[int, ...] = ()
    proven_min = True
    if feasible_count == 0 and problem.demands:
        distinct = list(set(masks))
        irreducible = deletion_filter(len(problem.demands), distinct)
        conflict, proven_min = minimum_conflict(
            len(problem.demands), distinct, irreducible, Budget(max_seconds)
        )
    rank = (
        f"{problem.rank_distance} distance of {problem.rank_index} power from "
        + ("equal power" if problem.rank_by == "equal" else "seat shares")
        + " (smaller is better)"
    )
    notes: list[str] = []
    if ev.table is None:
        notes.append(
            f"{n} members: evaluated with the general counting methods (no truth table above "
            f"{TABLE_MAX_MEMBERS} members); slower"
        )
    return SettlementResult(
        problem=problem,
        settlements=tuple(feasible[:top]),
        feasible_count=feasible_count,
        family_size=family_size,
        evaluated=evaluated,
        complete=not stopped and evaluated == family_size,
        family_description=_describe_family(problem, n_vectors),
        conflict=conflict,
        irreducible=irreducible,
        fail_counts=tuple(fail_counts),
        rank_description=rank,
        seconds=time.perf_counter() - started,
        conflict_proven_minimum=proven_min,
        notes=tuple(notes),
    )
