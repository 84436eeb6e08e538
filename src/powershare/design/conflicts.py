"""The smallest set of demands that no rule meets together, and an irreducible one.

A rule's outcome on the demands is a bit mask of those it meets.  :func:`minimum_conflict`
finds a minimum hitting set of the failed sets by branch and bound (by hitting-set duality
every rule fails one of its demands: Reiter 1987, Artificial Intelligence 32:57-95; Liffiton &
Sakallah 2008, J. Automated Reasoning 40:1-33); :func:`deletion_filter` an irreducible
infeasible subset (Chinneck & Dravnieks 1991, ORSA Journal on Computing 3:157-168).
"""

from __future__ import annotations

from collections.abc import Sequence

from powershare.design._common import Budget

__all__ = ["deletion_filter", "minimum_conflict"]


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
