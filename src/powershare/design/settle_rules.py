"""The rules of each settlement family, one seat vector at a time (see
:mod:`powershare.design.settle` for the families)."""

from __future__ import annotations

import itertools
import math
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from powershare.design._common import quota_bounds
from powershare.design.settlement import Family, SettlementProblem
from powershare.design.weight_space import count_weight_vectors, weight_vectors
from powershare.errors import InvalidInputError
from powershare.games.base import SimpleGame
from powershare.games.compound import AllOf, Bloc, BlocConsent, TwoTier, Veto
from powershare.games.quota import parse_quota
from powershare.games.weighted import WeightedGame

__all__ = [
    "Candidate",
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
