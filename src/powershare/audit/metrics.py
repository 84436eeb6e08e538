"""Equality and concentration of a distribution of power (or seats, or population).

Every measure takes a sequence of non-negative numbers (ints, :class:`~fractions.Fraction` or
floats) and returns an exact :class:`~fractions.Fraction` computed from the values as given
(floats are converted exactly), except :func:`euclidean_distance`, which needs a square root
and returns a float.

References
----------
* Gini, C. (1912), *Variabilità e mutabilità*; the mean-difference form used here is
  ``G = sum_i sum_j |x_i - x_j| / (2 n^2 mean)`` (Sen 1973, *On Economic Inequality*, ch. 2).
* Herfindahl, O. C. (1950); Hirschman, A. O. (1945): ``H = sum_i s_i^2`` over shares.
* Laakso, M. & Taagepera, R. (1979), "Effective number of parties: a measure with application
  to West Europe", *Comparative Political Studies* 12(1): 3-27: ``N = 1 / H``.
* Felsenthal, D. S. & Machover, M. (1998), *The Measurement of Voting Power*, Edward Elgar,
  ch. 3 (distance of a power vector from an ideal).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from powershare.errors import InvalidInputError
from powershare.games.numbers import to_float

__all__ = [
    "Concentration",
    "concentration",
    "effective_number",
    "euclidean_distance",
    "gini",
    "herfindahl",
    "max_min_ratio",
    "shares",
    "total_variation",
    "weighted_gini",
]

Number = int | float | Fraction


def _exact(values: Sequence[Number], what: str = "values") -> list[Fraction]:
    out: list[Fraction] = []
    for v in values:
        if isinstance(v, float) and not math.isfinite(v):
            raise InvalidInputError(f"{what}: {v!r} is not a finite number")
        f = Fraction(v)
        if f < 0:
            raise InvalidInputError(f"{what}: {v!r} is negative; only values >= 0 are allowed")
        out.append(f)
    if not out:
        raise InvalidInputError(f"{what}: no values given; give at least one")
    return out


def shares(values: Sequence[Number]) -> list[Fraction]:
    """Each value divided by the total (exact).

    Raises
    ------
    InvalidInputError
        If a value is negative or all values are 0.
    """
    exact = _exact(values)
    total = sum(exact, Fraction(0))
    if total == 0:
        raise InvalidInputError("all values are 0; shares need a positive total")
    return [v / total for v in exact]


def gini(values: Sequence[Number]) -> Fraction:
    """The Gini coefficient (0 = all equal; ``(n-1)/n`` = one holds everything).

    ``G = sum_i sum_j |x_i - x_j| / (2 n^2 mean)``, computed in ``O(n log n)`` from the sorted
    values as ``sum_i (2i - n - 1) x_(i) / (n sum x)`` (Sen 1973).

    Examples
    --------
    >>> gini([1, 1, 1, 1])
    Fraction(0, 1)
    >>> gini([0, 0, 0, 1])
    Fraction(3, 4)
    """
    x = sorted(_exact(values))
    n = len(x)
    total = sum(x, Fraction(0))
    if total == 0:
        return Fraction(0)
    acc = sum(((2 * (i + 1) - n - 1) * v for i, v in enumerate(x)), Fraction(0))
    return acc / (n * total)


def weighted_gini(values: Sequence[Number], weights: Sequence[Number]) -> float:
    """Gini coefficient of a population in which ``weights[i]`` people each hold ``values[i]``.

    ``G = sum_i sum_j w_i w_j |x_i - x_j| / (2 W^2 mean)`` with ``mean = sum w x / W``; used for
    the spread of citizen power over all citizens (units weighted by population).  Returned as
    a float (an approximation when the values are).
    """
    if len(values) != len(weights):
        raise InvalidInputError(f"got {len(values)} values but {len(weights)} weights")
    x = [to_float(v) for v in values]
    w = [to_float(v) for v in weights]
    if any(v < 0 for v in x) or any(v < 0 for v in w):
        raise InvalidInputError("values and weights must be >= 0")
    total_w = sum(w)
    mean = sum(a * b for a, b in zip(x, w, strict=True)) / total_w if total_w else 0.0
    if mean == 0 or max(x) == min(x):
        return 0.0
    order = sorted(range(len(x)), key=lambda i: x[i])
    # sum_{i,j} w_i w_j |x_i - x_j| = 2 sum_j w_j x_j (W_below_j) - 2 sum_j w_j (S_below_j)
    acc, cum_w, cum_wx = 0.0, 0.0, 0.0
    for i in order:
        acc += w[i] * (x[i] * cum_w - cum_wx)
        cum_w += w[i]
        cum_wx += w[i] * x[i]
    return max(0.0, 2 * acc / (2 * total_w * total_w * mean))


def herfindahl(values: Sequence[Number]) -> Fraction:
    """Herfindahl-Hirschman index of the shares: ``sum s_i^2`` (``1/n`` when all equal).

    >>> herfindahl([1, 1, 2])
    Fraction(3, 8)
    """
    return sum((s * s for s in shares(values)), Fraction(0))


def effective_number(values: Sequence[Number]) -> Fraction:
    """Laakso & Taagepera's (1979) effective number: ``1 / sum s_i^2``.

    >>> effective_number([1, 1, 2])
    Fraction(8, 3)
    """
    return 1 / herfindahl(values)


def max_min_ratio(values: Sequence[Number]) -> Fraction | None:
    """Largest value divided by the smallest; ``None`` when the smallest is 0 (unbounded)."""
    x = _exact(values)
    low = min(x)
    return None if low == 0 else max(x) / low


def total_variation(values: Sequence[Number], reference: Sequence[Number]) -> Fraction:
    """Distance between the two share vectors: ``(1/2) sum |s_i - r_i|`` (0..1).

    It is the share of power that would have to move to reach the reference distribution.

    >>> total_variation([1, 0], [1, 1])
    Fraction(1, 2)
    """
    if len(values) != len(reference):
        raise InvalidInputError(f"got {len(values)} values but {len(reference)} reference values")
    s, r = shares(values), shares(reference)
    return sum((abs(a - b) for a, b in zip(s, r, strict=True)), Fraction(0)) / 2


def euclidean_distance(values: Sequence[Number], reference: Sequence[Number]) -> float:
    """Euclidean distance between the share vectors (float: it needs a square root)."""
    if len(values) != len(reference):
        raise InvalidInputError(f"got {len(values)} values but {len(reference)} reference values")
    s, r = shares(values), shares(reference)
    return math.sqrt(to_float(sum(((a - b) ** 2 for a, b in zip(s, r, strict=True)), Fraction(0))))


@dataclass(frozen=True)
class Concentration:
    """Equality and concentration of one distribution.

    Attributes
    ----------
    label
        What was measured, e.g. ``"Banzhaf power"`` or ``"seats"``.
    gini, herfindahl, effective_number
        Exact (see the module references).
    max_min_ratio
        Largest over smallest share; ``None`` when someone has 0.
    max_min_ratio_positive
        The same among the members with a positive share.
    distance_equal
        Total-variation distance from equal shares (exact).
    distance_population
        Total-variation distance from population-proportional shares, when populations are
        known (exact).
    euclidean_equal, euclidean_population
        Euclidean distances (floats).
    """

    label: str
    gini: Fraction
    herfindahl: Fraction
    effective_number: Fraction
    max_min_ratio: Fraction | None
    max_min_ratio_positive: Fraction | None
    distance_equal: Fraction
    euclidean_equal: float
    distance_population: Fraction | None = None
    euclidean_population: float | None = None

    def to_dict(self) -> dict[str, Any]:
        """Floats, with exact values as ``"p/q"`` text under ``*_exact`` keys."""

        def num(v: Fraction | None) -> float | None:
            return None if v is None else to_float(v)

        out: dict[str, Any] = {
            "label": self.label,
            "gini": num(self.gini),
            "herfindahl": num(self.herfindahl),
            "effective_number": num(self.effective_number),
            "max_min_ratio": num(self.max_min_ratio),
            "max_min_ratio_positive": num(self.max_min_ratio_positive),
            "distance_equal": num(self.distance_equal),
            "distance_population": num(self.distance_population),
            "euclidean_equal_float": self.euclidean_equal,
            "euclidean_population_float": self.euclidean_population,
        }
        for key in ("gini", "herfindahl", "effective_number", "distance_equal"):
            value: Fraction = getattr(self, key)
            out[f"{key}_exact"] = _text(value)
        return out


def _text(value: Fraction) -> str:
    return str(value.numerator) if value.denominator == 1 else str(value)


def concentration(
    label: str, values: Sequence[Number], populations: Sequence[Number] | None = None
) -> Concentration:
    """Every equality and concentration measure of ``values`` at once.

    Parameters
    ----------
    label
        What the values are (for reports).
    values
        Non-negative values, one per member (power, seats...).
    populations
        Populations of the members, for the distance from population-proportional shares.
    """
    x = _exact(values, label)
    positive = [v for v in x if v > 0]
    equal = [1] * len(x)
    return Concentration(
        label=label,
        gini=gini(x),
        herfindahl=herfindahl(x),
        effective_number=effective_number(x),
        max_min_ratio=max_min_ratio(x),
        max_min_ratio_positive=max_min_ratio(positive) if positive else None,
        distance_equal=total_variation(x, equal),
        euclidean_equal=euclidean_distance(x, equal),
        distance_population=None if populations is None else total_variation(x, populations),
        euclidean_population=None if populations is None else euclidean_distance(x, populations),
    )
