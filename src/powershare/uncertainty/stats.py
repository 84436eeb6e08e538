"""Summaries of draws: probabilities with confidence intervals, quantiles of power.

* :func:`wilson_interval`: the score interval of Wilson (1927), recommended by Brown, Cai &
  DasGupta (2001, *Statistical Science* 16(2), 101-133) for its coverage close to the nominal
  level even for small counts.
* :func:`clopper_pearson_interval`: the "exact" interval of Clopper & Pearson (1934,
  *Biometrika* 26(4), 404-413) from beta quantiles; its coverage is at least the nominal level.
* :func:`quantile`: the inverse of the empirical (or exact) distribution function, the same
  definition for weighted exact enumerations and for equally weighted draws (Hyndman & Fan
  1996, definition 1), so sampled and exact results are read the same way.

>>> low, high = wilson_interval(40, 100, 0.95)
>>> round(low, 4), round(high, 4)
(0.3094, 0.498)
>>> quantile([3, 1, 2], [1, 1, 1], 0.5)
2
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction
from statistics import NormalDist
from typing import Any, TypeVar

from powershare.errors import InvalidInputError

__all__ = [
    "INTERVAL_METHODS",
    "Probability",
    "clopper_pearson_interval",
    "check_level",
    "probability",
    "quantile",
    "quantiles",
    "wilson_interval",
]

INTERVAL_METHODS = ("wilson", "clopper-pearson")
"""Confidence intervals for a probability estimated from draws."""

T = TypeVar("T", int, float, Fraction)


def check_level(level: float) -> float:
    """``level`` if it is strictly between 0 and 1, else :class:`InvalidInputError`."""
    if not 0 < level < 1:
        raise InvalidInputError(f"level {level!r} must be strictly between 0 and 1 (e.g. 0.9)")
    return float(level)


def wilson_interval(successes: int, trials: int, level: float = 0.95) -> tuple[float, float]:
    """Wilson's score interval for a binomial proportion.

    Parameters
    ----------
    successes, trials
        Counts, ``0 <= successes <= trials``, ``trials >= 1``.
    level
        Confidence level, e.g. ``0.95``.

    Returns
    -------
    (low, high)
        The interval, inside ``[0, 1]``.

    Notes
    -----
    Wilson, E. B. (1927). Probable inference, the law of succession, and statistical inference.
    *JASA* 22, 209-212.  Brown, Cai & DasGupta (2001) show its coverage stays near the nominal
    level where the textbook (Wald) interval fails.

    Examples
    --------
    >>> wilson_interval(0, 10, 0.9)[0]
    0.0
    """
    _check_counts(successes, trials)
    check_level(level)
    z = NormalDist().inv_cdf(0.5 + level / 2)
    p = successes / trials
    denom = 1 + z * z / trials
    centre = (p + z * z / (2 * trials)) / denom
    half = z * math.sqrt(p * (1 - p) / trials + z * z / (4 * trials * trials)) / denom
    low = 0.0 if successes == 0 else max(0.0, centre - half)
    high = 1.0 if successes == trials else min(1.0, centre + half)
    return low, high


def clopper_pearson_interval(
    successes: int, trials: int, level: float = 0.95
) -> tuple[float, float]:
    """The Clopper-Pearson ("exact") interval: beta quantiles; coverage at least ``level``.

    Notes
    -----
    Clopper, C. J. & Pearson, E. S. (1934). The use of confidence or fiducial limits illustrated
    in the case of the binomial. *Biometrika* 26, 404-413.  Uses :func:`scipy.stats.beta.ppf`.

    Examples
    --------
    >>> low, high = clopper_pearson_interval(40, 100, 0.95)
    >>> round(low, 4), round(high, 4)
    (0.3033, 0.5028)
    """
    from scipy.stats import beta  # heavy optional-at-import dependency, loaded when asked

    _check_counts(successes, trials)
    check_level(level)
    alpha = 1 - level
    low = 0.0 if successes == 0 else float(beta.ppf(alpha / 2, successes, trials - successes + 1))
    high = (
        1.0
        if successes == trials
        else float(beta.ppf(1 - alpha / 2, successes + 1, trials - successes))
    )
    return low, high


def _check_counts(successes: int, trials: int) -> None:
    if trials < 1 or not 0 <= successes <= trials:
        raise InvalidInputError(
            f"counts {successes} of {trials}: need trials >= 1 and 0 <= successes <= trials"
        )


@dataclass(frozen=True)
class Probability:
    """A probability: exact (from an enumeration) or estimated from draws with an interval.

    Attributes
    ----------
    value
        The probability; a ``Fraction`` when ``exact``.
    low, high
        The confidence interval (equal to ``value`` when exact).
    successes, trials
        The counts behind an estimate (``trials`` scenarios when exact).
    exact
        Whether ``value`` is exact.
    method
        ``"exact"``, ``"wilson"`` or ``"clopper-pearson"``.
    """

    value: Fraction | float
    low: float
    high: float
    successes: int
    trials: int
    exact: bool
    method: str

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready: floats, plus the exact fraction as text when exact."""
        out: dict[str, Any] = {
            "p": float(self.value),
            "low": self.low,
            "high": self.high,
            "method": self.method,
        }
        if self.exact:
            out["exact"] = str(self.value)
        return out


def probability(
    hits: Sequence[bool] | Any,
    *,
    weights: Sequence[Fraction] | None = None,
    level: float = 0.95,
    method: str = "wilson",
) -> Probability:
    """The probability of an event from per-scenario outcomes.

    Parameters
    ----------
    hits
        Whether the event holds in each scenario (draws, or enumerated scenarios).
    weights
        Exact probabilities of enumerated scenarios (summing to 1): the result is then exact.
    level, method
        Confidence level and interval (:data:`INTERVAL_METHODS`) for drawn scenarios.

    Examples
    --------
    >>> probability([True, False, False, True], weights=[Fraction(1, 4)] * 4).value
    Fraction(1, 2)
    >>> p = probability([True] * 30 + [False] * 70, level=0.9)
    >>> p.value, round(p.low, 3), round(p.high, 3)
    (0.3, 0.231, 0.38)
    """
    flags = [bool(h) for h in hits]
    if weights is not None:
        value = sum((w for w, h in zip(weights, flags, strict=True) if h), Fraction(0))
        return Probability(value, float(value), float(value), sum(flags), len(flags), True, "exact")
    if method not in INTERVAL_METHODS:
        raise InvalidInputError(
            f"interval {method!r} is not known; allowed: {', '.join(INTERVAL_METHODS)}"
        )
    k, n = sum(flags), len(flags)
    fn = wilson_interval if method == "wilson" else clopper_pearson_interval
    low, high = fn(k, n, level)
    return Probability(k / n, low, high, k, n, False, method)


def quantile(values: Sequence[T], weights: Sequence[Any], p: float | Fraction) -> T:
    """The smallest value whose cumulative weight reaches ``p`` of the total (inverted CDF).

    Weights may be exact fractions (enumerations) or equal counts (draws); the comparison is
    exact for integers and fractions.

    Examples
    --------
    >>> quantile([Fraction(1, 3), Fraction(1, 2)], [Fraction(3, 4), Fraction(1, 4)], 0.9)
    Fraction(1, 2)
    """
    return quantiles(values, weights, [p])[0]


def quantiles(
    values: Sequence[T], weights: Sequence[Any], ps: Sequence[float | Fraction]
) -> list[T]:
    """:func:`quantile` at several probabilities, sorting the distinct values once.

    >>> quantiles([3, 1, 2, 2], [1, 1, 1, 1], [0.25, 0.5, 1])
    [1, 2, 3]
    """
    mass: dict[T, Any] = {}
    for v, w in zip(values, weights, strict=True):
        mass[v] = mass.get(v, 0) + w
    order = sorted(mass)
    total = sum(mass.values())
    out: list[T] = []
    for p in ps:
        need = float(p) * total if isinstance(total, float) else Fraction(p) * total
        acc: Any = 0
        chosen = order[-1]
        for v in order:
            acc += mass[v]
            if acc >= need and acc > 0:
                chosen = v
                break
        out.append(chosen)
    return out
