"""Two-tier bodies: the square-root weight design and its optimal quota.

In a two-tier union each unit ``i`` (population ``N_i``) decides by simple majority of its
citizens and casts its weight ``w_i`` as a block in the upper body.  A citizen's power is
``psi(N_i) * beta_i`` with ``psi(N) ~ sqrt(2 / (pi N))`` (Penrose 1946; Felsenthal & Machover
1998; computed in :mod:`powershare.power.twotier`), so equal citizen power needs ``beta_i``
proportional to ``sqrt(N_i)``: the square-root rule, with weights ``w_i ~ sqrt(N_i)`` and the
quota chosen so that power is proportional to weight (the Jagiellonian compromise,
Słomczyński & Życzkowski 2006, 2007).  :func:`square_root_design` builds it and finds the
quota that minimises the distance by exhaustive search over all quotas (exact counts),
alongside the closed-form quota.

>>> d = square_root_design([100, 400, 900], names=["A", "B", "C"], total_weight=6)
>>> d.weights, d.quota, d.proven_optimal_quota
((1, 2, 3), 4, True)
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from powershare.design.inverse import design_weights
from powershare.design.quota import distance_by_quota, penrose_limit_quota
from powershare.design.targets import square_root_target
from powershare.design.weight_space import DEFAULT_RESOLUTION, project_weights
from powershare.errors import InvalidInputError
from powershare.games.base import validate_names
from powershare.games.weighted import WeightedGame
from powershare.power import twotier
from powershare.power.twotier import decisive_probability, jagiellonian_quota

__all__ = [
    "SquareRootDesign",
    "citizen_decisiveness",
    "citizen_power",
    "square_root_design",
]


def citizen_decisiveness(population: int) -> float:
    """Probability that one citizen decides a simple-majority vote of ``population`` citizens.

    The float of :func:`powershare.power.twotier.decisive_probability` (exact up to 20,001
    citizens, then relative error below 1e-15); about ``sqrt(2 / (pi N))`` (Penrose 1946).

    >>> citizen_decisiveness(5)
    0.375
    """
    if isinstance(population, bool) or not isinstance(population, int) or population < 1:
        raise InvalidInputError(f"population {population!r} must be a whole number, 1 or more")
    return decisive_probability(population).value


def citizen_power(populations: Sequence[int], weights: Sequence[int], quota: int) -> list[float]:
    """Each unit's citizens' absolute Banzhaf power when the units vote in ``[quota; weights]``.

    The floats of :func:`powershare.power.twotier.citizen_power` for a weighted upper body:
    exact for odd populations (self-dual unit rules); for even ones an approximation of
    relative error ``O(1/sqrt(N))``.

    >>> citizen_power([3, 3, 5], [1, 1, 1], 2)
    [0.25, 0.25, 0.1875]
    """
    if len(populations) != len(weights):
        raise InvalidInputError(
            f"{len(populations)} populations for {len(weights)} weights; give one per unit"
        )
    upper = WeightedGame(quota, list(weights))
    return list(twotier.citizen_power(upper, list(populations)).values)


@dataclass(frozen=True)
class SquareRootDesign:
    """A square-root (Penrose) design for a two-tier union.

    Attributes
    ----------
    names, populations, weights, quota
        The units and the upper-body rule ``[quota; weights]``.
    unit_power
        Normalised Banzhaf power of each unit.
    target
        ``sqrt(N_i) / sum sqrt(N_j)``.
    distance, distance_kind
        Distance of ``unit_power`` from ``target``.
    citizen_power
        Each unit's citizens' absolute power.
    citizen_spread
        ``max / min - 1`` of citizen power: 0 means one person, one vote exactly.
    jagiellonian_quota_share, limit_quota_share
        The closed-form optimal quota ``1/2 (1 + sqrt(sum w^2) / sum w)`` and the large-union
        approximation ``1/2 + 1/sqrt(pi M)``, for comparison with the searched ``quota``.
    proven_optimal_quota
        Whether every quota was evaluated (so the quota is optimal for these weights).
    searched
        What was searched.
    """

    names: tuple[str, ...]
    populations: tuple[int, ...]
    weights: tuple[int, ...]
    quota: int
    unit_power: tuple[float, ...]
    target: tuple[float, ...]
    distance: float
    distance_kind: str
    citizen_power: tuple[float, ...]
    citizen_spread: float
    jagiellonian_quota_share: float
    limit_quota_share: float
    proven_optimal_quota: bool
    searched: str

    @property
    def game(self) -> WeightedGame:
        """The upper-body rule."""
        return WeightedGame(self.quota, list(self.weights), list(self.names))

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready description."""
        total = sum(self.weights)
        return {
            "rule": self.game.notation(),
            "quota": self.quota,
            "quota_share": self.quota / total,
            "jagiellonian_quota_share": self.jagiellonian_quota_share,
            "limit_quota_share": self.limit_quota_share,
            "distance": self.distance,
            "distance_kind": self.distance_kind,
            "citizen_spread": self.citizen_spread,
            "proven_optimal_quota": self.proven_optimal_quota,
            "searched": self.searched,
            "members": [
                {
                    "name": name,
                    "population": self.populations[i],
                    "weight": self.weights[i],
                    "power": self.unit_power[i],
                    "target": self.target[i],
                    "citizen_power": self.citizen_power[i],
                }
                for i, name in enumerate(self.names)
            ],
        }


def square_root_design(
    populations: Sequence[int],
    *,
    names: Sequence[str] | None = None,
    total_weight: int | None = None,
    distance: str = "max_abs",
    quota_range: tuple[object, object] = ("majority", "100%"),
    refine: bool = False,
    max_seconds: float | None = 60.0,
) -> SquareRootDesign:
    """The square-root rule for a two-tier union, with its optimal quota.

    Parameters
    ----------
    populations
        Population of each unit (whole numbers).
    names
        Unit names.
    total_weight
        Integer weights ``~ sqrt(N_i)`` summing to this (default 10,000: weights to 0.01%).
    distance
        How unit power is compared with ``sqrt(N_i)`` shares.
    quota_range
        Quotas searched (all of them, exactly: Banzhaf for every quota at once).
    refine
        Also adjust the weights by :func:`~powershare.design.inverse.design_weights` (the
        Leech iteration and local search) starting from ``sqrt(N_i)``; the weights are then
        no longer exactly proportional to ``sqrt(N_i)`` but citizen power is closer to equal.
    max_seconds
        Time budget for ``refine``.
    """
    pops = []
    for i, p in enumerate(populations):
        if isinstance(p, bool) or not isinstance(p, int) or p < 1:
            raise InvalidInputError(
                f"population {p!r} of unit {i + 1} must be a whole number, 1 or more"
            )
        pops.append(int(p))
    if not pops:
        raise InvalidInputError("give at least one unit")
    n = len(pops)
    names_t = validate_names(names, n)
    total = DEFAULT_RESOLUTION if total_weight is None else total_weight
    target = square_root_target(pops)
    weights = tuple(project_weights(target, [0] * n, [total] * n, total))
    curve = distance_by_quota(weights, target, distance=distance, quota_range=quota_range)
    quota, dist, power_ = curve.best_quota, curve.best_distance, curve.best_power
    searched = (
        f"weights round(sqrt(N_i)) at total {total}; every quota "
        f"{curve.quota_range[0]}..{curve.quota_range[1]} evaluated exactly"
    )
    proven = curve.proven
    if refine:
        r = design_weights(
            target,
            names=names_t,
            distance=distance,
            total_weight=total,
            quota_range=quota_range,
            method="iterative",
            start=target,
            max_seconds=max_seconds,
        )
        if r.distance < dist:
            weights, quota, dist, power_ = r.weights, r.quota, r.distance, r.power
            searched += "; weights then refined: " + r.searched
            proven = False
    cp = citizen_power(pops, weights, quota)
    spread = max(cp) / min(cp) - 1 if min(cp) > 0 else math.inf
    return SquareRootDesign(
        names=names_t,
        populations=tuple(pops),
        weights=tuple(weights),
        quota=quota,
        unit_power=tuple(power_),
        target=target,
        distance=dist,
        distance_kind=curve.distance_kind,
        citizen_power=tuple(cp),
        citizen_spread=spread,
        jagiellonian_quota_share=jagiellonian_quota(weights),
        limit_quota_share=penrose_limit_quota(n),
        proven_optimal_quota=proven,
        searched=searched,
    )
