"""Distances between a power vector and a target (both shares summing to 1).

``max_abs``
    ``max_i |p_i - t_i|`` (the largest gap, in share points); the default.
``l1``
    ``sum_i |p_i - t_i|`` (twice the total variation distance).
``l2``
    ``sqrt(sum_i (p_i - t_i)^2)`` (Euclidean; the criterion of Leech 2002).
``max_rel``
    ``max_i |p_i - t_i| / t_i`` (largest relative gap; infinite when a member with target 0
    gets power).

All four are minimised, for a fixed multiset of power values, by matching the values to the
targets in the same order (exchange argument: each is a sum of convex, or a maximum of
quasi-convex, functions of one pair), which the exhaustive search relies on.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence

from powershare.errors import UnknownNameError

__all__ = ["DISTANCES", "distance", "get_distance", "normalise"]


def _max_abs(p: Sequence[float], t: Sequence[float]) -> float:
    return max(abs(a - b) for a, b in zip(p, t, strict=True))


def _l1(p: Sequence[float], t: Sequence[float]) -> float:
    return math.fsum(abs(a - b) for a, b in zip(p, t, strict=True))


def _l2(p: Sequence[float], t: Sequence[float]) -> float:
    return math.sqrt(math.fsum((a - b) ** 2 for a, b in zip(p, t, strict=True)))


def _max_rel(p: Sequence[float], t: Sequence[float]) -> float:
    worst = 0.0
    for a, b in zip(p, t, strict=True):
        if b > 0:
            worst = max(worst, abs(a - b) / b)
        elif a > 0:
            return math.inf
    return worst


DISTANCES: dict[str, Callable[[Sequence[float], Sequence[float]], float]] = {
    "max_abs": _max_abs,
    "l1": _l1,
    "l2": _l2,
    "max_rel": _max_rel,
}
_ALIASES = {
    "max": "max_abs",
    "maxabs": "max_abs",
    "linf": "max_abs",
    "chebyshev": "max_abs",
    "sum_abs": "l1",
    "euclidean": "l2",
    "maxrel": "max_rel",
    "relative": "max_rel",
}


def get_distance(name: str) -> str:
    """The canonical key of a distance name (aliases such as ``euclidean`` accepted)."""
    key = name.strip().lower().replace("-", "_")
    key = _ALIASES.get(key, key)
    if key not in DISTANCES:
        raise UnknownNameError(
            f"unknown distance {name!r}; known distances: {', '.join(DISTANCES)}"
        )
    return key


def normalise(values: Sequence[float]) -> tuple[float, ...]:
    """Values divided by their sum (all zeros stay zeros)."""
    total = math.fsum(values)
    if total <= 0:
        return tuple(0.0 for _ in values)
    return tuple(v / total for v in values)


def distance(power: Sequence[float], target: Sequence[float], kind: str = "max_abs") -> float:
    """The distance ``kind`` between a power vector and a target of the same length."""
    return DISTANCES[get_distance(kind)](power, target)
