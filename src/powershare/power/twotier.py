"""Citizen-level power in two-tier bodies: the decisive probability of a citizen, citizen
power, and the Jagiellonian quota.

In a two-tier system each unit ``j`` (``N_j`` citizens) decides by simple majority of its
citizens (a tie fails) and casts its vote as a block in an upper body.  A citizen influences
an upper-body decision only if her vote decides her unit *and* her unit's vote decides the
upper body.  With every citizen voting yes or no with probability 1/2, independently, the two
events are independent, so her absolute Banzhaf power (Penrose measure) is

    ``psi(N_j) * beta'_j``

where ``psi(N)`` is the chance of being decisive in a simple-majority vote of ``N`` and
``beta'_j`` the unit's absolute Banzhaf power upstairs (Penrose 1946; Felsenthal & Machover
1998, composition of games, Thm 3.4.3).  The identity is exact for units with an odd number
of citizens (each unit then says yes with probability exactly 1/2: its rule is self-dual);
with an even number a tie fails, the unit leans to "no" by ``psi(N)/2`` and the product is an
approximation of relative order ``1/sqrt(N)``.

``psi(N) = C(N-1, floor((N-1)/2)) / 2^(N-1)``; with ``m = floor(N/2)`` this equals
``C(2m, m) / 4^m`` for odd and even ``N`` alike.  It is computed

* **exactly** (a :class:`~fractions.Fraction`, and its correctly rounded float) for
  ``N <= exact_max`` (default :data:`EXACT_MAX_CITIZENS`);
* above, from the asymptotic series of the central binomial coefficient
  ``C(2m, m) / 4^m = (pi m)^(-1/2) (1 - 1/(8m) + 1/(128 m^2) + 5/(1024 m^3) - ...)``
  (seven terms; truncation error below ``1e-27`` relative for ``m > 10^4``), evaluated in
  floating point with relative error below ``1e-15`` (:data:`SERIES_METHOD`).  The older
  ``lgamma`` evaluation loses digits to cancellation: ``3e-7`` relative at 449 million.

Penrose's square-root law ``psi(N) ~ sqrt(2 / (pi N))`` means citizens are equally powerful
when the units' power upstairs is proportional to ``sqrt(N_j)``; the quota at which the
Banzhaf power of weights ``w_j = sqrt(N_j)`` is closest to proportional is the Jagiellonian
quota ``q = 1/2 (1 + sqrt(sum w_j^2) / sum w_j)`` (Słomczyński & Życzkowski 2006).

References
----------
* Penrose, L. S. (1946), "The elementary statistics of majority voting", *Journal of the
  Royal Statistical Society* 109(1): 53-57.
* Felsenthal, D. S. & Machover, M. (1998), *The Measurement of Voting Power: Theory and
  Practice, Problems and Paradoxes*, Edward Elgar, ch. 3.
* Słomczyński, W. & Życzkowski, K. (2006), "Penrose voting system and optimal quota",
  *Acta Physica Polonica B* 37(11): 3133-3143.
* Słomczyński, W. & Życzkowski, K. (2007), "From a toy model to the double square root
  voting system", *Homo Oeconomicus* 24(3/4): 381-399.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction

from powershare.errors import InvalidInputError
from powershare.games.base import SimpleGame
from powershare.power import power

__all__ = [
    "EXACT_MAX_CITIZENS",
    "SERIES_METHOD",
    "CitizenPower",
    "DecisiveProbability",
    "citizen_power",
    "decisive_probability",
    "jagiellonian_quota",
    "penrose_approximation",
]

EXACT_MAX_CITIZENS = 20_001
"""Up to this many citizens ``psi(N)`` is an exact fraction; above, the asymptotic series."""

SERIES_METHOD = "the asymptotic series of C(2m, m)/4^m (floating point, relative error below 1e-15)"
"""How ``psi(N)`` is computed above ``exact_max`` citizens, in words for reports."""

# C(2m, m) / 4^m * sqrt(pi m) = sum_k _SERIES[k] / m^k (the Gamma-ratio expansion of
# Gamma(m + 1/2) / Gamma(m + 1)); the next term is below 1e-3 / m^7.
_SERIES = (1.0, -1 / 8, 1 / 128, 5 / 1024, -21 / 32768, -399 / 262144, 869 / 4194304)
_SERIES_FROM = 1_000  # m at least this: truncation below 1e-24 relative


@dataclass(frozen=True)
class DecisiveProbability:
    """``psi(N)``: the chance that one citizen decides a simple-majority vote of ``N``.

    Attributes
    ----------
    citizens
        ``N``.
    exact
        The exact fraction (``None`` above the exact limit).
    value
        As a float: the correctly rounded ``exact`` when known, else from the asymptotic
        series (relative error below ``1e-15``).
    is_exact
        Whether ``exact`` is given.
    """

    citizens: int
    exact: Fraction | None
    value: float
    is_exact: bool


def _check_citizens(citizens: object) -> int:
    if isinstance(citizens, bool) or not isinstance(citizens, int) or citizens < 1:
        raise InvalidInputError(f"number of citizens {citizens!r} must be a whole number >= 1")
    return int(citizens)


def _series(m: int) -> float:
    if m > 10**300:  # beyond floats: the correction terms vanish, 1/sqrt(pi m) in logarithms
        return math.exp(-0.5 * (math.log(math.pi) + math.log(m)))
    x = 1.0 / m
    total = 0.0
    for c in reversed(_SERIES):
        total = total * x + c
    return total / math.sqrt(math.pi * m)


def decisive_probability(
    citizens: int, *, exact_max: int = EXACT_MAX_CITIZENS
) -> DecisiveProbability:
    """The chance that one citizen decides a simple-majority vote among ``citizens`` voters.

    Every other citizen votes yes or no with probability 1/2; the motion passes with more
    than half of the votes (a tie fails).  The citizen is decisive when the others leave the
    outcome to her: ``psi(N) = C(N-1, floor((N-1)/2)) / 2^(N-1)`` (Penrose 1946; Felsenthal
    & Machover 1998, ch. 3), which equals ``C(2m, m) / 4^m`` with ``m = floor(N/2)``.

    Parameters
    ----------
    citizens
        ``N``, a whole number, 1 or more.
    exact_max
        Largest ``N`` computed as an exact fraction; above it (and from 2,000 citizens: a
        smaller vote is always exact) the value comes from the asymptotic series of the
        central binomial coefficient (relative error below ``1e-15``) and ``exact`` is
        ``None``.

    Returns
    -------
    DecisiveProbability

    Examples
    --------
    >>> decisive_probability(3).exact
    Fraction(1, 2)
    >>> decisive_probability(4).exact, decisive_probability(5).exact
    (Fraction(3, 8), Fraction(3, 8))
    >>> big = decisive_probability(449_206_200)
    >>> big.is_exact, f"{big.value:.12e}"
    (False, '3.764585718402e-05')
    """
    n = _check_citizens(citizens)
    m = n // 2
    if n <= exact_max or m < _SERIES_FROM:
        value = Fraction(math.comb(2 * m, m), 1 << (2 * m))
        return DecisiveProbability(n, value, float(value), True)
    return DecisiveProbability(n, None, _series(m), False)


def penrose_approximation(citizens: int) -> float:
    """Penrose's (1946) square-root approximation ``sqrt(2 / (pi N))`` of ``psi(N)``.

    Examples
    --------
    >>> round(penrose_approximation(100), 6)
    0.079788
    """
    n = _check_citizens(citizens)
    return math.sqrt(2 / (math.pi * n))


@dataclass(frozen=True)
class CitizenPower:
    """Citizen power of each unit under one upper-body rule.

    Attributes
    ----------
    units
        Units with a population, in the upper body's order.
    populations
        Citizens per unit.
    decisive
        ``psi(N_j)`` per unit.
    unit_power
        Exact absolute Banzhaf power of each unit in the upper body.
    values
        Citizen power ``psi(N_j) * beta'_j`` per unit (floats: the product of the two
        floats).
    exact
        The exact products, or ``None`` when some ``psi`` was not computed exactly.
    missing
        Members of the upper body given no population (no citizen figure).
    """

    units: tuple[str, ...]
    populations: tuple[int, ...]
    decisive: tuple[DecisiveProbability, ...]
    unit_power: tuple[Fraction, ...]
    values: tuple[float, ...]
    exact: tuple[Fraction, ...] | None
    missing: tuple[str, ...] = ()

    @property
    def is_exact(self) -> bool:
        """Whether every citizen value is an exact fraction."""
        return self.exact is not None

    @property
    def even_units(self) -> tuple[str, ...]:
        """Units with an even number of citizens (there the product is an approximation)."""
        return tuple(u for u, p in zip(self.units, self.populations, strict=True) if p % 2 == 0)


def citizen_power(
    upper: SimpleGame,
    populations: Sequence[int | None],
    *,
    exact_max: int = EXACT_MAX_CITIZENS,
) -> CitizenPower:
    """Citizen power in a two-tier system: ``psi(N_j) * beta'_j`` for each unit ``j``.

    The units decide by simple majority of their citizens and vote as blocks in ``upper``;
    ``beta'_j`` is the exact absolute Banzhaf power of unit ``j`` in ``upper`` and ``psi`` is
    :func:`decisive_probability` (Penrose 1946; Felsenthal & Machover 1998, Thm 3.4.3).
    Exact for units with an odd number of citizens; for even ones an approximation of
    relative order ``1/sqrt(N)`` (see the module text).

    Parameters
    ----------
    upper
        The upper body, whose members are the units.
    populations
        Citizens per unit in the order of ``upper.names``; ``None`` for a member without
        citizens behind it (left out of the result, listed in ``missing``).
    exact_max
        Largest unit for which ``psi`` is an exact fraction.

    Returns
    -------
    CitizenPower

    Examples
    --------
    >>> from powershare.games.weighted import WeightedGame
    >>> r = citizen_power(WeightedGame(2, [1, 1, 1]), [3, 3, 5])
    >>> r.exact
    (Fraction(1, 4), Fraction(1, 4), Fraction(3, 16))
    >>> r.values
    (0.25, 0.25, 0.1875)
    """
    if len(populations) != upper.n:
        raise InvalidInputError(
            f"got {len(populations)} populations for {upper.n} units; give one per unit"
        )
    known = [j for j, p in enumerate(populations) if p is not None]
    if not known:
        raise InvalidInputError("no unit has a population; citizen power needs head-counts")
    pops = []
    for j in known:
        p = populations[j]
        if isinstance(p, bool) or not isinstance(p, int) or p < 1:
            raise InvalidInputError(
                f"population {p!r} of {upper.names[j]!r} is not a whole number of citizens "
                ">= 1; citizen power needs head-counts"
            )
        pops.append(int(p))
    beta = power(upper, "banzhaf_absolute")
    if beta.exact is None:  # pragma: no cover - exact methods give exact values
        raise InvalidInputError("citizen power needs the exact absolute Banzhaf power")
    unit_power = tuple(beta.exact[j] for j in known)
    decisive = tuple(decisive_probability(p, exact_max=exact_max) for p in pops)
    values = tuple(d.value * float(b) for d, b in zip(decisive, unit_power, strict=True))
    exact: tuple[Fraction, ...] | None = None
    exact_psi = [d.exact for d in decisive if d.exact is not None]
    if len(exact_psi) == len(decisive):
        exact = tuple(p * b for p, b in zip(exact_psi, unit_power, strict=True))
    return CitizenPower(
        units=tuple(upper.names[j] for j in known),
        populations=tuple(pops),
        decisive=decisive,
        unit_power=unit_power,
        values=values,
        exact=exact,
        missing=tuple(upper.names[j] for j in range(upper.n) if populations[j] is None),
    )


def jagiellonian_quota(weights: Sequence[float]) -> float:
    """The Jagiellonian optimal quota share for weights ``w``.

    ``q = 1/2 (1 + sqrt(sum w_i^2) / sum w_i)``; with the square-root weights
    ``w_i = sqrt(N_i)`` this is ``1/2 (1 + sqrt(sum N_i) / sum sqrt(N_i))``.  At this quota
    the Banzhaf power of each member is close to proportional to its weight, so citizens'
    power is nearly equal (Słomczyński & Życzkowski 2006; 2007).

    Parameters
    ----------
    weights
        Non-negative weights with a positive sum (integers or the exact square roots).

    Examples
    --------
    >>> jagiellonian_quota([1, 1, 1, 1])
    0.75
    >>> round(jagiellonian_quota([10.0, 20.0, 30.0]), 6)
    0.811805
    """
    ws = [float(w) for w in weights]
    if not ws or any(not w >= 0 for w in ws) or sum(ws) <= 0:
        raise InvalidInputError(f"weights {ws!r} must be non-negative with a positive sum")
    return 0.5 * (1.0 + math.sqrt(math.fsum(w * w for w in ws)) / math.fsum(ws))
