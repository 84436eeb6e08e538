"""How power moves with the quota: the power-by-quota curve of a weighted body.

For each integer quota ``q`` in a range (by default from a simple majority, ``floor(W/2)+1``,
to unanimity ``W``) the exact normalised Banzhaf power of every member is computed with the
library's exact counting (:func:`powershare.power.power`), with the Gini coefficient and the
Laakso-Taagepera effective number of the power vector (see :mod:`powershare.audit.metrics`).
When the range holds more than ``max_points`` quotas, ``max_points`` quotas are sampled evenly
(always including the rule's own quota) and the result says so.

The distance to a target power vector as the quota moves (for design) is
:func:`powershare.design.quota.distance_by_quota`.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from powershare.audit.metrics import effective_number, gini
from powershare.errors import InvalidInputError, ResourceLimitError
from powershare.games.numbers import to_float
from powershare.games.weighted import WeightedGame
from powershare.power import power

__all__ = ["PowerByQuota", "power_by_quota"]


@dataclass(frozen=True)
class PowerByQuota:
    """Exact power at each quota of a range (from :func:`power_by_quota`).

    Attributes
    ----------
    names
        Member names.
    index
        The index on the curve (``"banzhaf"``, normalised).
    quotas
        The integer quotas computed (ascending).
    total_weight
        Total weight of the body.
    current
        The rule's own quota.
    power
        ``power[k][i]``: exact power of member ``i`` at ``quotas[k]``.
    gini, effective
        Exact Gini coefficient and effective number at each quota (``None`` if nobody has
        power, which cannot happen for a valid game).
    sampled
        Whether the quotas are a sample of the range (then ``range_size`` says of how many).
    range_size
        Number of integer quotas in the range.
    """

    names: tuple[str, ...]
    index: str
    quotas: tuple[int, ...]
    total_weight: int
    current: int
    power: tuple[tuple[Fraction, ...], ...]
    gini: tuple[Fraction, ...]
    effective: tuple[Fraction, ...]
    sampled: bool
    range_size: int

    def note(self) -> str:
        """One sentence on what was computed."""
        lo, hi = self.quotas[0], self.quotas[-1]
        how = (
            f"{len(self.quotas)} quotas sampled evenly from the {self.range_size} integer quotas "
            f"{lo}..{hi}"
            if self.sampled
            else f"every integer quota from {lo} to {hi} ({len(self.quotas)} quotas)"
        )
        return (
            f"exact {self.index} power at {how} of {self.total_weight}; rule's quota {self.current}"
        )

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready: one row per quota with each member's power (float and exact text)."""
        return {
            "index": self.index,
            "note": self.note(),
            "sampled": self.sampled,
            "range_size": self.range_size,
            "total_weight": self.total_weight,
            "current_quota": self.current,
            "points": [
                {
                    "quota": q,
                    "gini": to_float(self.gini[k]),
                    "effective_number": to_float(self.effective[k]),
                    "power": {
                        n: to_float(v) for n, v in zip(self.names, self.power[k], strict=True)
                    },
                    "power_exact": {
                        n: str(v) for n, v in zip(self.names, self.power[k], strict=True)
                    },
                }
                for k, q in enumerate(self.quotas)
            ],
        }


def _sample(lo: int, hi: int, current: int, max_points: int) -> tuple[list[int], bool]:
    size = hi - lo + 1
    if size <= max_points:
        return list(range(lo, hi + 1)), False
    # exact integer rounding: quotas beyond floats (10^999) are sampled too
    picked = {
        lo + (2 * k * (hi - lo) + max_points - 1) // (2 * (max_points - 1))
        for k in range(max_points)
    }
    if lo <= current <= hi:
        picked.add(current)
    return sorted(picked), True


def power_by_quota(
    game: WeightedGame,
    *,
    low: int | None = None,
    high: int | None = None,
    max_points: int = 126,
    index: str = "banzhaf",
    max_seconds: float | None = None,
) -> PowerByQuota:
    """Exact power of every member at each integer quota from ``low`` to ``high``.

    Parameters
    ----------
    game
        A weighted body.
    low, high
        The range (default: simple majority ``floor(W/2)+1`` to unanimity ``W``).
    max_points
        Most quotas computed; larger ranges are sampled evenly, keeping the rule's quota.
    index
        An index key (default normalised Banzhaf).
    max_seconds
        Time for the whole curve (``None``: no limit): after the first quota the rest is
        estimated from it and refused up front when it would not fit, and the limit is checked
        after every quota.

    Raises
    ------
    ResourceLimitError
        The curve would take (or took) longer than ``max_seconds``; the message says how many
        quotas were computed and the estimate.

    Examples
    --------
    >>> c = power_by_quota(WeightedGame(3, [2, 1, 1]))
    >>> c.quotas, [str(v) for v in c.power[-1]]
    ((3, 4), ['1/3', '1/3', '1/3'])
    """
    total = game.total_weight
    lo = total // 2 + 1 if low is None else low
    hi = total if high is None else high
    if not 1 <= lo <= hi <= total:
        raise InvalidInputError(
            f"quota range {lo}..{hi} is not allowed; it must lie within 1..{total}"
        )
    if max_points < 2:
        raise InvalidInputError(f"max_points {max_points} must be at least 2")
    quotas, sampled = _sample(lo, hi, game.quota, max_points)
    rows: list[tuple[Fraction, ...]] = []
    ginis: list[Fraction] = []
    effective: list[Fraction] = []
    start = time.perf_counter()
    for done, q in enumerate(quotas):
        if max_seconds is not None and done:
            spent = time.perf_counter() - start
            need = spent / done * len(quotas)
            if need > max_seconds:
                raise ResourceLimitError(
                    f"the quota curve of {len(quotas)} quotas would take about {need:.3g} s "
                    f"({done} computed in {spent:.3g} s); the time left is {max_seconds:.3g} s",
                    seconds=need,
                )
        result = power(WeightedGame(q, game.weights, game.names), index)
        values = result.exact if result.exact is not None else tuple(map(Fraction, result.floats))
        rows.append(values)
        ginis.append(gini(values))
        effective.append(effective_number(values))
    return PowerByQuota(
        names=game.names,
        index=index,
        quotas=tuple(quotas),
        total_weight=total,
        current=game.quota,
        power=tuple(rows),
        gini=tuple(ginis),
        effective=tuple(effective),
        sampled=sampled,
        range_size=hi - lo + 1,
    )
