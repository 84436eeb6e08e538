"""Describing the rules of a design frontier within what is left of the time budget.

The search of :func:`powershare.design.frontier.design_frontier` keeps, for each rule of the
frontier, the power shares and the number of winning coalitions it computed from exact counts.
Describing a rule *in full* counts its power again (correctly rounded shares, as
:func:`~powershare.design.evaluate.power_shares`) and its decisiveness with the smallest
blocking coalitions (:func:`powershare.structure.decisiveness`).  That work comes after the
search, so the search leaves a share of the budget for it (:func:`description_reserve`, from the
registry's estimate of one rule, :func:`rule_seconds`), and each count is refused up front when
its estimate exceeds the time left.  Rules that do not fit are given from the search's own
counts (:func:`search_rule`: power and Coleman's decisiveness exact from the search, vetoes from
the weights, blocking coalitions not listed), marked ``described=False``: the answer is never
lost.  The chosen rule and both ends of the frontier are described first
(:func:`description_order`).
"""

from __future__ import annotations

import math
import time
from collections import deque
from collections.abc import Sequence
from dataclasses import dataclass

from powershare.design._common import Budget
from powershare.design.distance import DISTANCES
from powershare.design.evaluate import count_seconds, power_shares
from powershare.design.frontier_result import MAX_SHOWN, FrontierRule
from powershare.errors import PowershareError, ResourceLimitError
from powershare.games.weighted import WeightedGame
from powershare.power import get_index
from powershare.power.registry import Limits
from powershare.structure.decisiveness import Decisiveness, decisiveness

__all__ = [
    "FIRST_RULES",
    "MAX_RESERVE_SHARE",
    "MIN_RESERVE_SHARE",
    "RESERVE_SHARE",
    "SearchedRule",
    "describe_rules",
    "description_order",
    "description_reserve",
    "rule_seconds",
    "search_decisiveness",
    "search_rule",
]

RESERVE_SHARE = 0.1
"""Most of the time budget usually kept back from the search for describing the rules found
(the registry's estimates are on the high side: the actual time is often a quarter)."""
MAX_RESERVE_SHARE = 0.25
"""Most of it kept back so that the first :data:`FIRST_RULES` rules fit their estimates."""
FIRST_RULES = 2
"""Rules (the chosen one and the closest) the reserve is meant to cover on estimates alone."""
MIN_RESERVE_SHARE = 0.05
"""Least of it kept back (the search may finish a count past its own end)."""
_SAFETY = 1.5
"""A rule is described in full only when the time left exceeds this times the slowest one so
far (the smallest blocking coalitions are listed without an estimate)."""


@dataclass(frozen=True)
class SearchedRule:
    """A rule of the frontier as the search left it: ``[quota; weights]`` (members' order),
    its power shares and its number of winning coalitions, both from exact counts."""

    weights: tuple[int, ...]
    quota: int
    power: tuple[float, ...]
    winning: int


def rule_seconds(game: WeightedGame, index: str) -> float:
    """The registry's estimate of describing one rule like ``game`` in full.

    Parameters
    ----------
    game
        A representative rule (the target's weights at a middle quota).
    index
        The canonical key of the power index.

    Returns
    -------
    float
        Seconds to count the index's quantity and the winning coalitions; ``inf`` when the
        registry would refuse either under its default limits or has no method for it.
    """
    try:
        return count_seconds(game, get_index(index).quantity) + count_seconds(game, "winning")
    except PowershareError:
        return math.inf


def description_reserve(
    per_rule: float, max_seconds: float | None, rules: int = MAX_SHOWN
) -> float:
    """Seconds of the budget a search leaves for describing the rules it finds.

    Parameters
    ----------
    per_rule
        Estimated seconds of one rule (:func:`rule_seconds`).
    max_seconds
        The whole time budget (``None``: no budget, nothing kept back).
    rules
        How many rules are described (default: a frontier's
        :data:`~powershare.design.frontier_result.MAX_SHOWN`).

    Returns
    -------
    float
        Enough for ``rules`` rules, but at least :data:`MIN_RESERVE_SHARE` of the budget (just
        that when no rule could be described) and at most :data:`RESERVE_SHARE`, or enough
        for :data:`FIRST_RULES` rules up to :data:`MAX_RESERVE_SHARE`.

    >>> description_reserve(0.01, 10.0), description_reserve(1.0, 10.0)
    (0.5, 2.0)
    >>> description_reserve(0.6, 60.0), description_reserve(0.6, 3.0)
    (6.0, 0.75)
    """
    if max_seconds is None:
        return 0.0
    least = MIN_RESERVE_SHARE * max_seconds
    if not math.isfinite(per_rule):
        return least
    most = max(
        RESERVE_SHARE * max_seconds, min(FIRST_RULES * per_rule, MAX_RESERVE_SHARE * max_seconds)
    )
    return min(max(per_rule * rules, least), most)


def description_order(count: int, first: int | None = None) -> list[int]:
    """Positions ``0 .. count - 1`` in the order they are described: ``first`` (the chosen
    rule), the last (the closest), the first (the most decisive), then the middles of the
    widest gaps, so that whatever fits is spread along the frontier.

    Parameters
    ----------
    count
        Rules shown.
    first
        The position to describe first, if any.

    Returns
    -------
    list[int]
        Every position once.

    >>> description_order(7, 2)
    [2, 6, 0, 3, 1, 4, 5]
    """
    order: list[int] = []
    seen: set[int] = set()
    for k in (first, count - 1, 0):
        if k is not None and 0 <= k < count and k not in seen:
            seen.add(k)
            order.append(k)
    gaps = deque([(0, count - 1)])
    while gaps:
        lo, hi = gaps.popleft()
        if hi - lo < 2:
            continue
        mid = (lo + hi) // 2
        if mid not in seen:
            seen.add(mid)
            order.append(mid)
        gaps.extend(((lo, mid), (mid, hi)))
    return order


def search_decisiveness(
    names: Sequence[str], weights: Sequence[int], quota: int, winning: int
) -> Decisiveness:
    """Decisiveness of ``[quota; weights]`` from the search's count of winning coalitions,
    without counting anything: Coleman's power to act (exact) and the vetoes; the smallest
    blocking coalitions are listed only when they are the vetoes (else not computed).

    Parameters
    ----------
    names
        Member names.
    weights, quota
        The rule.
    winning
        Its number of winning coalitions (exact).

    Returns
    -------
    Decisiveness

    >>> d = search_decisiveness(["A", "B", "C"], [2, 1, 1], 3, 3)
    >>> d.collectivity, d.veto_names(), d.blocking_size
    (Fraction(3, 8), ['A'], 1)
    """
    total = sum(weights)
    vetoes = tuple(i for i, w in enumerate(weights) if total - w < quota)
    size: int | None = None
    listed: tuple[tuple[int, ...], ...] = ()
    count: int | None = None
    if winning == 0:  # nothing passes: the empty coalition already blocks
        size, listed, count = 0, ((),), 1
    elif vetoes:
        size, listed, count = 1, tuple((v,) for v in vetoes[:10]), len(vetoes)
    return Decisiveness.of(names, winning, vetoes, (size, listed, count))


def search_rule(
    rule: SearchedRule, names: Sequence[str], target: Sequence[float], kind: str
) -> FrontierRule:
    """A frontier rule from the search's own counts, marked ``described=False``.

    Parameters
    ----------
    rule
        The rule as the search left it.
    names
        Member names.
    target
        Target shares.
    kind
        Distance key (``max_abs``, ...).

    Returns
    -------
    FrontierRule
    """
    d = search_decisiveness(names, rule.weights, rule.quota, rule.winning)
    distance = DISTANCES[kind](rule.power, tuple(target))
    return FrontierRule(
        tuple(names), rule.weights, rule.quota, rule.power, distance, d, described=False
    )


def _limits(budget: Budget) -> Limits | None:
    left = budget.remaining
    return None if left is None else Limits(max_seconds=left)


def describe_rule(
    rule: SearchedRule,
    names: Sequence[str],
    index: str,
    target: Sequence[float],
    kind: str,
    budget: Budget,
) -> FrontierRule:
    """A frontier rule described in full: its power and decisiveness counted again, each
    count refused up front when its estimate exceeds the time left of ``budget``.

    Parameters
    ----------
    rule
        The rule as the search left it.
    names, index, target, kind
        Member names, canonical index key, target shares and distance key.
    budget
        The whole time budget.

    Returns
    -------
    FrontierRule

    Raises
    ------
    ResourceLimitError
        When a count would not fit the time left.
    """
    w, q = rule.weights, rule.quota
    p = power_shares(w, q, index, _limits(budget))
    d = decisiveness(WeightedGame(q, list(w), list(names)), limits=_limits(budget))
    return FrontierRule(tuple(names), w, q, p, DISTANCES[kind](p, tuple(target)), d)


def describe_rules(
    rules: Sequence[SearchedRule],
    names: Sequence[str],
    index: str,
    target: Sequence[float],
    kind: str,
    budget: Budget,
    first: int | None = None,
) -> tuple[list[FrontierRule], int]:
    """Every rule of ``rules``, described in full while the time left allows it (in the order
    of :func:`description_order`), the rest from the search's counts.

    Parameters
    ----------
    rules
        The frontier shown, most decisive first.
    names, index, target, kind
        Member names, canonical index key, target shares and distance key.
    budget
        The whole time budget; :attr:`~powershare.design._common.Budget.hit` is set when it
        stopped a description.
    first
        The position to describe first (the chosen rule).

    Returns
    -------
    tuple[list[FrontierRule], int]
        The rules in the order given, and how many were described in full.
    """
    out: list[FrontierRule | None] = [None] * len(rules)
    slowest = 0.0
    described = 0
    stopped = False
    for k in description_order(len(rules), first):
        left = budget.remaining
        if not stopped and (left is None or left > _SAFETY * slowest):
            started = time.perf_counter()
            try:
                out[k] = describe_rule(rules[k], names, index, target, kind, budget)
                described += 1
            except ResourceLimitError:
                stopped = True
            slowest = max(slowest, time.perf_counter() - started)
        else:
            stopped = True
        if out[k] is None:
            out[k] = search_rule(rules[k], names, target, kind)
    if stopped:
        budget.hit = True
    return [r for r in out if r is not None], described
