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
:func:`~powershare.design.evaluate.banzhaf_all_quotas`).  The searches are in
:mod:`powershare.design.inverse_search`, the weight space (bounds, projection, enumeration) in
:mod:`powershare.design.weight_space`.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from powershare.design._common import Budget, Progress, check_target
from powershare.design.distance import get_distance
from powershare.design.evaluate import canonical_index, check_quota_tables, count_seconds
from powershare.design.frontier_describe import description_reserve
from powershare.design.inverse_search import (
    WeightSearch,
    exhaustive_search,
    iterative_search,
    local_search,
)
from powershare.design.weight_space import (
    DEFAULT_RESOLUTION,
    bounds_around,
    count_weight_vectors,
    per_member_bounds,
    project_weights,
)
from powershare.errors import InvalidInputError, PowershareError, ResourceLimitError
from powershare.games.base import validate_names
from powershare.games.quota import parse_quota
from powershare.games.weighted import WeightedGame
from powershare.power.registry import Limits
from powershare.structure.decisiveness import Decisiveness, decisiveness

__all__ = [
    "DEFAULT_RESOLUTION",
    "DESIGN_METHODS",
    "DesignResult",
    "DesignSpace",
    "bounds_around",
    "count_weight_vectors",
    "design_space",
    "design_weights",
]

DESIGN_METHODS = ("auto", "exhaustive", "iterative", "local")
VISITED_KEPT = 400
"""Weight vectors a :class:`DesignResult` keeps for the frontier search."""


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
    decisiveness
        How able the rule is to decide (:func:`powershare.structure.decisiveness`): a rule
        close to the target may be unanimity in disguise.
    visited
        The distinct weight vectors the search evaluated, best first (at most
        :data:`VISITED_KEPT`), for the frontier search.
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
    decisiveness: Decisiveness | None = None
    visited: tuple[tuple[int, ...], ...] = field(default=(), repr=False, compare=False)

    @property
    def game(self) -> WeightedGame:
        """The designed rule as a :class:`~powershare.games.weighted.WeightedGame`."""
        return WeightedGame(self.quota, list(self.weights), list(self.names))

    @property
    def total_weight(self) -> int:
        """Sum of the weights."""
        return sum(self.weights)

    def verdict(self) -> str:
        """Whether the rule is proven closest, in words that never hide vetoes or unanimity."""
        base = (
            "proven optimal for the distance alone"
            if self.proven_optimal
            else "best found, not proven optimal"
        )
        d = self.decisiveness
        if d is None:
            return base
        if d.unanimity and len(self.names) > 1:
            return (
                base
                + ", but it is unanimity in disguise: every member has a veto and "
                + f"only 1 of {d.coalitions:,} coalitions can pass a decision"
            )
        if d.vetoes:
            who = ", ".join(d.veto_names())
            return base + f", but it hands a veto to {who} (nobody asked for one)"
        return base

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready description."""
        total = self.total_weight
        d = self.decisiveness
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
            "verdict": self.verdict(),
            "decisiveness": None if d is None else d.to_dict(),
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


@dataclass(frozen=True)
class DesignSpace:
    """A validated design problem: normalised target, names, index and distance keys, the
    total weight and each member's integer bounds ``lo[i] <= w_i <= hi[i]``."""

    target: tuple[float, ...]
    names: tuple[str, ...]
    index: str
    distance: str
    total: int
    lo: list[int]
    hi: list[int]

    @property
    def uniform(self) -> bool:
        """Whether every member has the same bounds (then only sorted vectors are searched)."""
        return len(set(self.lo)) == 1 and len(set(self.hi)) == 1


def design_space(
    target: Sequence[float],
    names: Sequence[str] | None = None,
    index: str = "banzhaf",
    distance: str = "max_abs",
    total_weight: int | None = None,
    min_weight: int | Sequence[int] | None = None,
    max_weight: int | Sequence[int] | None = None,
    quota: object | None = None,
    method: str = "auto",
) -> DesignSpace:
    """Validate the arguments shared by :func:`design_weights` and the frontier search.

    Raises
    ------
    InvalidInputError
        For bad targets, totals, bounds that admit no weights, unknown names or methods.
    """
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
    check_quota_tables(total, n)
    lo = per_member_bounds(min_weight, n, "min_weight", 0)
    hi = per_member_bounds(max_weight, n, "max_weight", total)
    hi = [min(h, total) for h in hi]
    for i in range(n):
        if lo[i] > hi[i]:
            raise InvalidInputError(
                f"member {names_t[i]!r}: no whole weight fits its bounds (at least {lo[i]}, "
                f"at most {hi[i]}); widen the bounds or raise the total weight"
            )
    if not sum(lo) <= total <= sum(hi):
        raise InvalidInputError(
            f"no weights fit: the bounds allow totals {sum(lo)}..{sum(hi)}, the total weight is "
            f"{total}; widen the bounds or change the total"
        )
    if quota is not None:
        parse_quota(quota)  # validate early
    return DesignSpace(t, names_t, key, kind, total, lo, hi)


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
    with_decisiveness: bool = True,
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
        ``stopped_by_budget`` and not proven optimal.  It covers the decisiveness of the
        rule found too: the search leaves time for it (from the registry's estimate), and
        when the time left does not allow it ``decisiveness`` is ``None`` (said in
        ``searched``).
    progress
        ``progress(done, total, message)`` callback.
    with_decisiveness
        Describe the rule found by its decisiveness (default); ``False`` leaves
        ``decisiveness`` ``None`` and the whole budget to the search.

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
    problem = design_space(
        target, names, index, distance, total_weight, min_weight, max_weight, quota, method
    )
    t, names_t, key, kind = problem.target, problem.names, problem.index, problem.distance
    total, lo, hi = problem.total, problem.lo, problem.hi
    n = len(t)
    fixed_quota = quota is not None
    whole = Budget(max_seconds)
    budget = whole
    search = WeightSearch(
        t, key, kind, quota if fixed_quota else quota_range, fixed_quota, budget, progress
    )
    if with_decisiveness:  # leave time for counting the winning coalitions of the rule found
        qlo, qhi = search.quotas(total)
        sample = WeightedGame((qlo + qhi) // 2, list(project_weights(t, lo, hi, total)))
        try:
            per_rule = count_seconds(sample, "winning")
        except PowershareError:  # no method fits: only the least is kept back
            per_rule = float("inf")
        budget = whole.reserving(description_reserve(per_rule, max_seconds, rules=1))
        search.budget = budget
    uniform = problem.uniform
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
        exhaustive_done = exhaustive_search(search, total, lo, hi, uniform, n_vectors)
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
            iters = iterative_search(search, total, lo, hi, start or t, max_iterations)
            description.append(
                f"iterative weight updates (Laruelle & Widgren 1998; Leech 2002): {iters} "
                f"iterations at total weight {total}"
            )
        if chosen in ("local", "iterative+local"):
            if search.best is None:
                w0 = tuple(project_weights(start or t, lo, hi, total))
                search.best_quota(w0)
            local_opt = local_search(search, lo, hi)
            description.append(
                "integer local search over weight transfers and quota changes (Kurz 2012): "
                + ("reached a local optimum" if local_opt else "stopped before a local optimum")
            )
        description.append(
            f"space: integer weights summing to {total}"
            + ("" if min_weight is None and max_weight is None else " within per-member bounds")
            + ("; not proven optimal")
        )
    if search.best is None:  # the budget ran out before the first rule: evaluate one
        search.best_quota(tuple(project_weights(start or t, lo, hi, total)))
    assert search.best is not None
    d, w, q, p = search.best
    searched = "; ".join(description) + f"; {search.evaluations:,} rules evaluated"
    ranked: dict[tuple[int, ...], float] = {}
    for (vec, _q), (dist, _p) in search.cache.items():
        ranked[vec] = min(dist, ranked.get(vec, dist))
    visited = tuple(sorted(ranked, key=lambda v: ranked[v])[:VISITED_KEPT])
    if budget.hit:
        searched += "; the time budget ran out (best found so far)"
    described: Decisiveness | None = None
    if with_decisiveness:
        left = whole.remaining
        try:
            described = decisiveness(
                WeightedGame(q, list(w), list(names_t)),
                limits=None if left is None else Limits(max_seconds=left),
            )
        except ResourceLimitError:
            whole.hit = True
            searched += "; the time budget ran out before the decisiveness was counted"
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
        stopped_by_budget=budget.hit or whole.hit,
        decisiveness=described,
        visited=visited,
    )
