"""The best quota for fixed weights, and the whole distance-by-quota curve.

* :func:`distance_by_quota`: distance to a target for every quota in a range (all of them when the
  index is Banzhaf: one generating-function pass, :func:`~powershare.design.evaluate.
  banzhaf_all_quotas`; otherwise every quota when there are at most ``max_points``, else an
  even grid refined around its best point), ready to plot.
* :func:`optimal_quota`: the minimiser, flagged ``proven`` when every quota was evaluated.
* :func:`quota_pair_surface`: the best pair of quotas for a double-majority rule
  (``AllOf`` of two weighted criteria, e.g. states and population), on a grid.
* :func:`~powershare.power.twotier.jagiellonian_quota` (re-exported here): the closed-form
  optimal quota of the square-root rule, ``q = 1/2 (1 + sqrt(sum w_i^2) / sum w_i)``
  (Słomczyński & Życzkowski 2006, 2007), and :func:`penrose_limit_quota`, its large-union
  limit ``1/2 + 1/sqrt(pi M)`` (Życzkowski & Słomczyński 2012).

The power of each member as the quota moves (rather than the distance to a target) is
:func:`powershare.audit.sensitivity.power_by_quota`.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

from powershare.design._common import Budget, Progress, check_target, quota_bounds
from powershare.design.distance import DISTANCES, get_distance, normalise
from powershare.design.evaluate import (
    banzhaf_all_quotas,
    canonical_index,
    game_shares,
    power_shares,
)
from powershare.errors import InvalidInputError
from powershare.games.compound import AllOf, Criterion
from powershare.games.display import Displayable, TableData, new_axes
from powershare.games.weighted import WeightedGame
from powershare.power.twotier import jagiellonian_quota

__all__ = [
    "DistanceByQuota",
    "QuotaPairSurface",
    "distance_by_quota",
    "jagiellonian_quota",
    "optimal_quota",
    "penrose_limit_quota",
    "quota_pair_surface",
]


@dataclass(frozen=True, repr=False)
class DistanceByQuota(Displayable):
    """Distance to the target for each evaluated quota (from :func:`distance_by_quota`).

    Attributes
    ----------
    weights
        The fixed integer weights.
    quotas
        Evaluated integer quotas, ascending.
    distances
        Distance to the target at each quota.
    best_quota, best_distance, best_power
        The minimiser (the smallest quota among ties), its distance and normalised power.
    proven
        Whether every quota of the range was evaluated (so the minimum is exact over it).
    index, distance_kind
        What was measured.
    quota_range
        ``(lo, hi)``: the integer quotas allowed.
    """

    weights: tuple[int, ...]
    quotas: tuple[int, ...]
    distances: tuple[float, ...]
    best_quota: int
    best_distance: float
    best_power: tuple[float, ...]
    proven: bool
    index: str
    distance_kind: str
    quota_range: tuple[int, int]
    target: tuple[float, ...] = field(default=())

    @property
    def total_weight(self) -> int:
        """Sum of the weights."""
        return sum(self.weights)

    @property
    def best_share(self) -> float:
        """The best quota as a share of the total weight."""
        return self.best_quota / self.total_weight

    def game(self, names: Sequence[str] | None = None) -> WeightedGame:
        """The weighted game at the best quota."""
        return WeightedGame(self.best_quota, list(self.weights), names)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready: the curve as ``[quota, share, distance]`` rows and the optimum."""
        return {
            "index": self.index,
            "distance": self.distance_kind,
            "total_weight": self.total_weight,
            "quota_range": list(self.quota_range),
            "best_quota": self.best_quota,
            "best_quota_share": self.best_share,
            "best_distance": self.best_distance,
            "proven_optimal": self.proven,
            "curve": [
                [q, q / self.total_weight, d]
                for q, d in zip(self.quotas, self.distances, strict=True)
            ],
        }

    def table_data(self) -> TableData:
        """One row per evaluated quota: its share of the total weight and the distance."""
        total = self.total_weight
        shares = [Fraction(q, total) for q in self.quotas]
        return TableData("quota", self.quotas, [("share", shares), ("distance", self.distances)])

    def short_summary(self) -> str:
        """``101 quotas; best 12 of 17 (distance 0.0123, proven)``."""
        proof = "proven" if self.proven else "not proven"
        return (
            f"{len(self.quotas)} quotas; best {self.best_quota} of {self.total_weight} "
            f"({self.distance_kind} distance {self.best_distance:.4g}, {proof})"
        )

    def plot(self, ax: Any = None) -> Any:
        """Plot distance against the quota share, on ``ax`` or a new figure made with
        matplotlib's object API; returns the axes (needs ``powershare[plots]``)."""
        ax = new_axes(ax)
        total = self.total_weight
        ax.plot([q / total for q in self.quotas], self.distances)
        ax.axvline(self.best_share, linestyle="--")
        ax.set_xlabel("quota (share of total weight)")
        ax.set_ylabel(f"{self.distance_kind} distance to target ({self.index})")
        return ax


def _check_weights(weights: Sequence[int]) -> list[int]:
    ws = []
    for i, w in enumerate(weights):
        if isinstance(w, bool) or not isinstance(w, int) or w < 0:
            raise InvalidInputError(
                f"weight {w!r} of member {i + 1} must be a whole number, 0 or more"
            )
        ws.append(int(w))
    if not ws or sum(ws) == 0:
        raise InvalidInputError("give at least one member with positive weight")
    return ws


def distance_by_quota(
    weights: Sequence[int],
    target: Sequence[float],
    *,
    index: str = "banzhaf",
    distance: str = "max_abs",
    quota_range: tuple[object, object] = ("majority", "100%"),
    max_points: int = 2001,
    progress: Progress | None = None,
    max_seconds: float | None = None,
) -> DistanceByQuota:
    """Distance from ``target`` of the power of ``[q; weights]`` for the quotas in a range.

    Parameters
    ----------
    weights
        Fixed non-negative integer weights.
    target
        Target shares (normalised here).
    index
        Any registered index; Banzhaf evaluates all quotas at once (exact).
    distance
        ``max_abs``, ``l1``, ``l2`` or ``max_rel``.
    quota_range
        Allowed quotas, each end in any quota form (default: more than half up to unanimity).
    max_points
        For indices other than Banzhaf: evaluate every quota when the range has at most this
        many, else an even grid of this many plus every quota within one grid step of the
        grid's best (then ``proven`` is false).
    progress, max_seconds
        Progress callback ``(done, total, message)`` and time budget; when the budget runs
        out the curve holds what was evaluated and ``proven`` is false.

    Returns
    -------
    DistanceByQuota

    Examples
    --------
    >>> c = distance_by_quota([2, 1, 1], [1, 1, 1])
    >>> c.quotas, c.best_quota, c.best_distance
    ((3, 4), 4, 0.0)
    """
    ws = _check_weights(weights)
    t = check_target(target, len(ws))
    key = canonical_index(index)
    kind = get_distance(distance)
    dist = DISTANCES[kind]
    total = sum(ws)
    lo, hi = quota_bounds(quota_range, total)
    budget = Budget(max_seconds)
    results: dict[int, tuple[float, tuple[float, ...]]] = {}
    proven = True
    if key in ("banzhaf", "banzhaf_absolute"):
        table = banzhaf_all_quotas(ws)
        for q in range(lo, hi + 1):
            if (q - lo) % 1024 == 1023 and budget.expired():
                proven = False
                break
            row = [int(c) for c in table[q - 1]]
            p = normalise([float(c) for c in row]) if sum(row) else tuple(0.0 for _ in row)
            results[q] = (dist(p, t), p)
        if progress:
            progress(hi - lo + 1, hi - lo + 1, "quotas")
    else:
        count = hi - lo + 1
        if count <= max_points:
            grid = list(range(lo, hi + 1))
        else:
            proven = False
            # integer steps: float steps round past the total for totals beyond 2^53
            grid = sorted({lo + k * (hi - lo) // (max_points - 1) for k in range(max_points)})
        for j, q in enumerate(grid):
            if budget.expired():
                proven = False
                break
            p = power_shares(ws, q, key)
            results[q] = (dist(p, t), p)
            if progress:
                progress(j + 1, len(grid), "quotas")
        if count > max_points and not budget.hit:
            best_q = min(results, key=lambda q: (results[q][0], q))
            span = -(-(hi - lo) // (max_points - 1))
            for q in range(max(lo, best_q - span), min(hi, best_q + span) + 1):
                if budget.expired():
                    break
                if q not in results:
                    p = power_shares(ws, q, key)
                    results[q] = (dist(p, t), p)
    if not results:
        raise InvalidInputError("no quota could be evaluated within the time budget; raise it")
    quotas = tuple(sorted(results))
    best_q = min(quotas, key=lambda q: (results[q][0], q))
    return DistanceByQuota(
        weights=tuple(ws),
        quotas=quotas,
        distances=tuple(results[q][0] for q in quotas),
        best_quota=best_q,
        best_distance=results[best_q][0],
        best_power=results[best_q][1],
        proven=proven and not budget.hit,
        index=key,
        distance_kind=kind,
        quota_range=(lo, hi),
        target=t,
    )


def optimal_quota(
    weights: Sequence[int],
    target: Sequence[float],
    **options: Any,
) -> tuple[int, float, bool]:
    """``(quota, distance, proven)``: the quota of :func:`distance_by_quota` closest to
    ``target``."""
    curve = distance_by_quota(weights, target, **options)
    return curve.best_quota, curve.best_distance, curve.proven


def penrose_limit_quota(members: int) -> float:
    """The large-union approximation ``1/2 + 1/sqrt(pi M)`` of the optimal quota share
    (Zyczkowski & Slomczynski 2012, "Square root voting system, optimal threshold and pi",
    arXiv:1104.5213)."""
    if members < 1:
        raise InvalidInputError(f"number of members {members!r} must be 1 or more")
    return 0.5 + 1.0 / math.sqrt(math.pi * members)


@dataclass(frozen=True)
class QuotaPairSurface:
    """Distance to the target over a grid of quota pairs of a double-majority rule."""

    shares_a: tuple[Fraction, ...]
    shares_b: tuple[Fraction, ...]
    distances: tuple[tuple[float, ...], ...]
    best: tuple[Fraction, Fraction]
    best_distance: float
    best_power: tuple[float, ...]
    index: str
    distance_kind: str
    complete: bool

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready surface (quota shares as floats)."""
        return {
            "index": self.index,
            "distance": self.distance_kind,
            "shares_a": [float(s) for s in self.shares_a],
            "shares_b": [float(s) for s in self.shares_b],
            "distances": [list(r) for r in self.distances],
            "best": [float(self.best[0]), float(self.best[1])],
            "best_distance": self.best_distance,
            "complete": self.complete,
        }


def quota_pair_surface(
    weights_a: Sequence[object],
    weights_b: Sequence[object],
    target: Sequence[float],
    *,
    shares_a: Sequence[object],
    shares_b: Sequence[object],
    names: Sequence[str] | None = None,
    index: str = "banzhaf",
    distance: str = "max_abs",
    progress: Progress | None = None,
    max_seconds: float | None = None,
) -> QuotaPairSurface:
    """Best quota pair of ``AllOf(weights_a >= qa, weights_b >= qb)`` on a grid of shares.

    Each rule is evaluated exactly with :func:`powershare.power.power` (compound methods);
    ``complete`` is false when the time budget stopped the grid early.  Example: the EU
    double majority, ``weights_a`` = one per state, ``weights_b`` = population.
    """
    key = canonical_index(index)
    kind = get_distance(distance)
    dist = DISTANCES[kind]
    n = len(list(weights_a))
    t = check_target(target, n)
    sa = [_share(s) for s in shares_a]
    sb = [_share(s) for s in shares_b]
    if not sa or not sb:
        raise InvalidInputError("give at least one quota share for each criterion")
    budget = Budget(max_seconds)
    rows: list[tuple[float, ...]] = []
    best: tuple[float, tuple[Fraction, Fraction], tuple[float, ...]] | None = None
    done, total = 0, len(sa) * len(sb)
    for a in sa:
        row: list[float] = []
        for b in sb:
            if budget.expired():
                row.append(math.nan)
                continue
            rule = AllOf(
                [
                    Criterion(list(weights_a), a, names, label="a"),
                    Criterion(list(weights_b), b, names, label="b"),
                ]
            )
            p = game_shares(rule, key)
            d = dist(p, t)
            row.append(d)
            if best is None or d < best[0]:
                best = (d, (a, b), p)
            done += 1
            if progress:
                progress(done, total, "quota pairs")
        rows.append(tuple(row))
    if best is None:
        raise InvalidInputError("no quota pair could be evaluated within the time budget")
    return QuotaPairSurface(
        shares_a=tuple(sa),
        shares_b=tuple(sb),
        distances=tuple(rows),
        best=best[1],
        best_distance=best[0],
        best_power=best[2],
        index=key,
        distance_kind=kind,
        complete=not budget.hit,
    )


def _share(text: object) -> Fraction:
    from powershare.games.numbers import parse_exact

    value = parse_exact(text, what="quota share")
    if not 0 < value <= 1:
        raise InvalidInputError(f"quota share {text!r} must be above 0 and at most 100%")
    return value
