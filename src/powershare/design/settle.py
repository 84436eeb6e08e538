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

The pieces: :mod:`powershare.design.settlement` (problem and result types),
:mod:`powershare.design.settle_rules` (the rules of each family),
:mod:`powershare.design.settle_eval` (exact evaluation of the demands) and
:mod:`powershare.design.conflicts` (smallest conflicting demands).
"""

from __future__ import annotations

import time
from collections.abc import Iterator

from powershare.design._common import Budget, Progress
from powershare.design.conflicts import deletion_filter, minimum_conflict
from powershare.design.settle_eval import TABLE_MAX_MEMBERS, Evaluator, evaluate_candidate
from powershare.design.settle_rules import (
    candidates,
    describe_family,
    family_variants,
    seat_vectors,
)
from powershare.design.settlement import (
    DEMAND_KINDS,
    FAMILY_KINDS,
    Demand,
    Family,
    Settlement,
    SettlementProblem,
    SettlementResult,
)
from powershare.errors import InvalidInputError

__all__ = [
    "DEMAND_KINDS",
    "FAMILY_KINDS",
    "Demand",
    "Family",
    "Settlement",
    "SettlementProblem",
    "SettlementResult",
    "deletion_filter",
    "minimum_conflict",
    "settle",
]


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
    ev = Evaluator(problem)
    n_vectors, vectors = seat_vectors(problem)
    seat_list = list(vectors) if n_vectors <= 10_000 else None
    if seat_list is not None:
        family_size = sum(
            family_variants(problem, fam, s) for s in seat_list for fam in problem.families
        )
        vector_iter: Iterator[tuple[int, ...]] = iter(seat_list)
    else:
        first = next(seat_vectors(problem)[1])
        family_size = n_vectors * sum(family_variants(problem, f, first) for f in problem.families)
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
            for cand in candidates(problem, fam, seats):
                if evaluated % 64 == 0:
                    if budget.expired():
                        stopped = True
                        break
                    if progress:
                        progress(evaluated, family_size, "rules")
                mask, power, score, ok = evaluate_candidate(ev, cand, target)
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
        family_description=describe_family(problem, n_vectors),
        conflict=conflict,
        irreducible=irreducible,
        fail_counts=tuple(fail_counts),
        rank_description=rank,
        seconds=time.perf_counter() - started,
        conflict_proven_minimum=proven_min,
        notes=tuple(notes),
    )
