"""The rules of each settlement family (see :mod:`powershare.design.settle` for the families).

Two views of the same rules, in the same order:

* :func:`candidates`: rule objects, one seat vector at a time (for the words and for bodies
  too large to tabulate);
* :func:`family_bitsets`: every rule of a family for a whole batch of seat vectors at once, as
  its **winning-coalition bitset** (bit ``m`` says whether coalition ``m`` wins; 64 coalitions
  per machine word).  All quotas of a weighted family come from one table of coalition seat
  sums (a threshold each, as the quota curve does with its generating function); a veto or
  bloc-consent rule is the bitwise AND of its weighted part with the veto's or the blocs'
  bitset.  Two rules with equal bitsets are the same game, so the search counts each game
  once.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from powershare.design._common import quota_bounds
from powershare.design.settlement import Family, SettlementProblem
from powershare.design.weight_space import count_weight_vectors, weight_vectors
from powershare.errors import InvalidInputError
from powershare.games.base import SimpleGame
from powershare.games.compound import AllOf, Bloc, BlocConsent, TwoTier, Veto
from powershare.games.quota import parse_quota
from powershare.games.weighted import WeightedGame

__all__ = [
    "BITSET_MAX_MEMBERS",
    "TABLE_MAX_MEMBERS",
    "Candidate",
    "SettleEstimate",
    "estimate_settlement",
    "first_vector",
    "CoalitionSpace",
    "candidate_at",
    "complexities",
    "family_bitsets",
    "bloc_groups",
    "bloc_rule",
    "candidates",
    "describe_family",
    "family_variants",
    "seat_vectors",
    "units_of",
    "upper_weights",
    "vetoers",
]


TABLE_MAX_MEMBERS = 22
"""Largest body evaluated from a truth table of all coalitions."""

BITSET_MAX_MEMBERS = 16
"""Largest body searched game by game through winning-coalition bitsets (Shapley-Shubik
pivot counts stay within 64-bit integers up to here)."""


@dataclass(frozen=True)
class Candidate:
    family: str
    parameters: dict[str, Any]
    seats: tuple[int, ...]
    rule: SimpleGame
    weighted: tuple[tuple[int, ...], int] | None  # plain weighted game: (weights, quota)


def bloc_groups(problem: SettlementProblem) -> list[tuple[str, tuple[int, ...]]]:
    idx = {n: i for i, n in enumerate(problem.names)}
    return [(b, tuple(idx[m] for m in members)) for b, members in problem.blocs]


def bloc_rule(
    names: Sequence[str], seats: Sequence[int], members: Sequence[int], share: object
) -> WeightedGame:
    w = [seats[i] for i in members]
    q = max(1, min(sum(w), parse_quota(share).resolve(sum(w))))
    return WeightedGame(q, w, [names[i] for i in members])


def family_variants(problem: SettlementProblem, fam: Family, seats: tuple[int, ...]) -> int:
    """Number of rules of ``fam`` for one seat vector."""
    total = sum(seats)
    if fam.kind == "two_tier":
        units = units_of(problem)
        count = 0
        for upper in fam.upper:
            uw = upper_weights(units, seats, upper)
            lo, hi = quota_bounds(fam.quota_range, sum(uw))
            count += hi - lo + 1
        return count * len(fam.bloc_quotas)
    lo, hi = quota_bounds(fam.quota_range, total)
    quotas = hi - lo + 1
    if fam.kind == "weighted":
        return quotas
    if fam.kind == "veto":
        k = len(vetoers(problem, fam))
        return quotas * sum(math.comb(k, s) for s in range(1, min(fam.max_size, k) + 1))
    blocs = len(problem.blocs)
    required = fam.required or tuple(range(1, blocs + 1))
    return quotas * len(required) * len(fam.bloc_quotas)


def vetoers(problem: SettlementProblem, fam: Family) -> tuple[str, ...]:
    if fam.vetoers:
        return fam.vetoers
    out: list[str] = []
    for d in problem.demands:
        if d.kind in ("veto", "block_with") and d.party and d.party not in out:
            out.append(d.party)
    return tuple(out)


def units_of(problem: SettlementProblem) -> list[tuple[str, tuple[int, ...]]]:
    groups = bloc_groups(problem)
    inside = {i for _, g in groups for i in g}
    units = list(groups)
    for i, name in enumerate(problem.names):
        if i not in inside:
            units.append((name, (i,)))
    return units


def upper_weights(
    units: Sequence[tuple[str, tuple[int, ...]]], seats: Sequence[int], upper: str
) -> list[int]:
    if upper == "equal":
        return [1] * len(units)
    if upper == "seats":
        return [sum(seats[i] for i in g) for _, g in units]
    raise InvalidInputError(f"two_tier upper weights {upper!r}: use 'seats' or 'equal'")


def candidates(
    problem: SettlementProblem, fam: Family, seats: tuple[int, ...]
) -> Iterator[Candidate]:
    names = problem.names
    total = sum(seats)
    if fam.kind == "two_tier":
        units = units_of(problem)
        unit_names = [u for u, _ in units]
        for bq in fam.bloc_quotas:
            unit_rules = [(u, bloc_rule(names, seats, g, bq)) for u, g in units]
            for upper in fam.upper:
                uw = upper_weights(units, seats, upper)
                lo, hi = quota_bounds(fam.quota_range, sum(uw))
                for q in range(lo, hi + 1):
                    tt = TwoTier(unit_rules, WeightedGame(q, uw, unit_names))
                    yield Candidate(
                        "two_tier",
                        {"bloc_quota": str(bq), "upper": upper, "upper_quota": q},
                        seats,
                        tt,
                        None,
                    )
        return
    lo, hi = quota_bounds(fam.quota_range, total)
    for q in range(lo, hi + 1):
        yield from _at_quota(problem, fam, seats, q)


def _at_quota(
    problem: SettlementProblem, fam: Family, seats: tuple[int, ...], q: int
) -> Iterator[Candidate]:
    """The rules of ``fam`` (not two tiers) at quota ``q``: the same number at every quota."""
    names = problem.names
    base = WeightedGame(q, list(seats), list(names))
    if fam.kind == "weighted":
        yield Candidate("weighted", {"quota": q}, seats, base, (seats, q))
    elif fam.kind == "veto":
        pool = vetoers(problem, fam)
        for size in range(1, min(fam.max_size, len(pool)) + 1):
            for group in itertools.combinations(pool, size):
                yield Candidate(
                    "veto",
                    {"quota": q, "vetoes": list(group)},
                    seats,
                    AllOf([base, Veto(list(group), list(names))]),
                    None,
                )
    else:
        groups = bloc_groups(problem)
        required = fam.required or tuple(range(1, len(groups) + 1))
        for bq in fam.bloc_quotas:
            blocs = [
                Bloc(b, tuple(names[i] for i in g), bloc_rule(names, seats, g, bq))
                for b, g in groups
            ]
            for k in required:
                if not 1 <= k <= len(groups):
                    raise InvalidInputError(
                        f"bloc_consent: required {k} must be from 1 to {len(groups)}"
                    )
                yield Candidate(
                    "bloc_consent",
                    {"quota": q, "bloc_quota": str(bq), "required": k},
                    seats,
                    AllOf([base, BlocConsent(blocs, list(names), required=k)]),
                    None,
                )


def seat_vectors(problem: SettlementProblem) -> tuple[int, Iterator[tuple[int, ...]]]:
    lo = [a for a, _ in problem.seats]
    hi = [b for _, b in problem.seats]
    if lo == hi:
        return 1, iter([tuple(lo)])
    total = problem.total_seats
    assert total is not None
    count = count_weight_vectors(total, lo, hi, False)
    assert count is not None
    return count, weight_vectors(total, lo, hi, False)


def describe_family(problem: SettlementProblem, n_seat_vectors: int) -> str:
    parts = []
    for fam in problem.families:
        lo, hi = fam.quota_range
        if fam.kind == "weighted":
            parts.append(f"weighted quota rules, every quota from {lo} to {hi} of the seats")
        elif fam.kind == "veto":
            who = ", ".join(vetoers(problem, fam)) or "nobody"
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


U64 = npt.NDArray[np.uint64]


class CoalitionSpace:
    """The ``2^n`` coalitions of ``n`` members as bit masks, and bitset packing."""

    def __init__(self, n: int) -> None:
        self.n = n
        self.size = 1 << n
        self.masks = np.arange(self.size, dtype=np.int64)
        self.members = np.stack([((self.masks >> i) & 1) for i in range(n)], axis=1)  # (2^n, n) 0/1
        self.words = max(1, self.size // 64)

    def pack(self, table: npt.NDArray[np.bool_]) -> U64:
        """Boolean tables ``(..., 2^n)`` -> bitsets ``(..., words)`` of ``uint64``."""
        packed = np.packbits(table, axis=-1, bitorder="little")
        pad = self.words * 8 - packed.shape[-1]
        if pad:
            widths = [(0, 0)] * (packed.ndim - 1) + [(0, pad)]
            packed = np.pad(packed, widths)
        return np.ascontiguousarray(packed).view(np.uint64)

    def unpack(self, bits: U64) -> npt.NDArray[np.bool_]:
        """Bitsets ``(G, words)`` -> boolean tables ``(G, 2^n)``."""
        raw = np.ascontiguousarray(bits).view(np.uint8)
        return np.unpackbits(raw, axis=-1, bitorder="little")[:, : self.size].astype(bool)

    def sums(self, seats: npt.NDArray[np.int64]) -> npt.NDArray[np.int64]:
        """Seats of every coalition, for each seat vector: ``(V, 2^n)``."""
        return np.asarray(seats, dtype=np.int64) @ self.members.T


def complexities(problem: SettlementProblem, fam: Family, n_variants: int) -> list[int]:
    """How complicated each variant of ``fam`` is to write (0: a plain weighted vote)."""
    if fam.kind == "weighted":
        return [0] * n_variants
    if fam.kind == "veto":
        pool = vetoers(problem, fam)
        sizes = [
            size
            for size in range(1, min(fam.max_size, len(pool)) + 1)
            for _ in itertools.combinations(pool, size)
        ]
        return sizes * (n_variants // max(1, len(sizes)))
    return [4 if fam.kind == "bloc_consent" else 5] * n_variants


def family_bitsets(
    problem: SettlementProblem, fam: Family, seats: npt.NDArray[np.int64], space: CoalitionSpace
) -> U64:
    """Winning-coalition bitsets of every rule of ``fam`` for each seat vector:
    ``(V, rules per vector, words)``, in the order of :func:`candidates`."""
    total = int(seats[0].sum())
    if fam.kind == "two_tier":
        return _generic_bitsets(problem, fam, seats, space)
    lo, hi = quota_bounds(fam.quota_range, total)
    sums = space.sums(seats)
    quotas = np.arange(lo, hi + 1, dtype=np.int64)
    weighted = space.pack(sums[:, None, :] >= quotas[None, :, None])  # (V, Q, words)
    v = len(seats)
    if fam.kind == "weighted":
        return weighted
    if fam.kind == "veto":
        index = {name: i for i, name in enumerate(problem.names)}
        pool = vetoers(problem, fam)
        groups = [
            sum(1 << index[m] for m in group)
            for size in range(1, min(fam.max_size, len(pool)) + 1)
            for group in itertools.combinations(pool, size)
        ]
        if not groups:
            return np.zeros((v, 0, space.words), dtype=np.uint64)
        g = np.array(groups, dtype=np.int64)
        contains = space.pack((space.masks[None, :] & g[:, None]) == g[:, None])  # (G, words)
        out = weighted[:, :, None, :] & contains[None, None, :, :]
        return out.reshape(v, -1, space.words)
    groups_ = bloc_groups(problem)
    required = fam.required or tuple(range(1, len(groups_) + 1))
    for k in required:
        if not 1 <= k <= len(groups_):
            raise InvalidInputError(f"bloc_consent: required {k} must be from 1 to {len(groups_)}")
    consent = np.zeros((v, len(fam.bloc_quotas), len(required), space.words), dtype=np.uint64)
    for b, share in enumerate(fam.bloc_quotas):
        spec = parse_quota(share)
        count = np.zeros((v, space.size), dtype=np.int8)
        for _, members in groups_:
            m = list(members)
            bsums = seats[:, m] @ space.members[:, m].T  # (V, 2^n)
            tot = seats[:, m].sum(axis=1)
            memo: dict[int, int] = {}
            for t in np.unique(tot).tolist():
                memo[t] = max(1, min(t, spec.resolve(t)))
            bq = np.array([memo[t] for t in tot.tolist()], dtype=np.int64)
            count += bsums >= bq[:, None]
        ks = np.array(required, dtype=np.int8)
        consent[:, b] = space.pack(count[:, None, :] >= ks[None, :, None])
    out = weighted[:, :, None, None, :] & consent[:, None, :, :, :]
    return out.reshape(v, -1, space.words)


def _generic_bitsets(
    problem: SettlementProblem, fam: Family, seats: npt.NDArray[np.int64], space: CoalitionSpace
) -> U64:
    index_of = {name: i for i, name in enumerate(problem.names)}
    blocks = []
    for row in seats:
        tables = []
        for cand in candidates(problem, fam, tuple(int(x) for x in row)):
            rule = cand.rule
            masks = space.masks
            if list(rule.names) != list(problem.names):  # two tiers list members unit by unit
                masks = np.zeros_like(space.masks)
                for pos, name in enumerate(rule.names):
                    masks |= ((space.masks >> index_of[name]) & 1) << pos
            tables.append(np.asarray(rule.winning_masks(masks), dtype=bool))
        blocks.append(space.pack(np.stack(tables)))
    return np.stack(blocks)


def candidate_at(
    problem: SettlementProblem, fam: Family, seats: tuple[int, ...], j: int
) -> Candidate:
    """The ``j``-th rule of ``fam`` for ``seats`` (the order of :func:`candidates`).

    Families other than two tiers have the same number of rules at every quota: the quota is
    found by division, not by building the ``j`` rules before it (millions of quotas).
    """
    if fam.kind != "two_tier":
        lo, _hi = quota_bounds(fam.quota_range, sum(seats))
        per_quota = sum(1 for _ in _at_quota(problem, fam, seats, lo))
        if per_quota:
            steps, k = divmod(j, per_quota)
            return next(itertools.islice(_at_quota(problem, fam, seats, lo + steps), k, None))
    return next(itertools.islice(candidates(problem, fam, seats), j, None))


# seconds per bitset word built (vectorised families), per coalition of a rule built one by
# one (two tiers), per coalition of a rule evaluated one by one (bodies above the bitset size)
_PER_WORD = 7.0e-7
_PER_COALITION_GENERIC = 2.0e-8
_PER_RULE_EACH = 2.0e-3


@dataclass(frozen=True)
class SettleEstimate:
    """Rules to evaluate and the time expected, before a settlement search."""

    rules: int
    seat_vectors: int
    seconds: float
    method: str

    def describe(self) -> str:
        """In words."""
        return (
            f"{self.rules:,} rules over {self.seat_vectors:,} seat allocation"
            f"{'s' if self.seat_vectors != 1 else ''}, estimated {_duration(self.seconds)} "
            f"({self.method})"
        )


def _duration(seconds: float) -> str:
    if seconds < 1:
        return "under a second"
    if seconds < 120:
        return f"{seconds:.0f} s"
    if seconds < 7200:
        return f"{seconds / 60:.0f} minutes"
    return f"{seconds / 3600:.1f} hours"


def first_vector(problem: SettlementProblem) -> tuple[int, tuple[int, ...]]:
    count, vectors = seat_vectors(problem)
    first = next(vectors, None)
    if first is None:
        raise InvalidInputError("no seat allocation fits the members' ranges and total_seats")
    return count, first


def estimate_settlement(problem: SettlementProblem) -> SettleEstimate:
    """Count the rules of ``problem``'s families and estimate the search time.

    Every family has the same number of rules for every seat allocation (the total is
    fixed), so the count is exact; the time is a per-rule model of this implementation.
    """
    count, first = first_vector(problem)
    per_vector = [family_variants(problem, f, first) for f in problem.families]
    rules = count * sum(per_vector)
    n = problem.n
    if n <= BITSET_MAX_MEMBERS:
        words = max(1, (1 << n) // 64)
        generic = sum(
            v for f, v in zip(problem.families, per_vector, strict=True) if f.kind == "two_tier"
        )
        seconds = rules * words * _PER_WORD + count * generic * (1 << n) * _PER_COALITION_GENERIC
        method = "one bitset per rule, each distinct game counted once"
    else:
        seconds = (
            rules
            * _PER_RULE_EACH
            * (2 ** max(0, n - BITSET_MAX_MEMBERS) if n <= TABLE_MAX_MEMBERS else 4)
        )
        method = "rule by rule"
    return SettleEstimate(rules, count, seconds, method)
