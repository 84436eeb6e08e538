"""Citizen-level power in two-tier systems (decentralisation).

A citizen of unit ``j`` (``N_j`` citizens deciding by simple majority) influences an upper-body
decision only if her vote decides her unit's vote *and* her unit's vote decides the upper body.
With every citizen voting yes or no with probability 1/2, independently, the two events are
independent, so the citizen's absolute Banzhaf power (Penrose measure) is

    ``psi(N_j) * beta'_j``

where ``psi(N)`` is the chance of being decisive in a majority vote of ``N`` and ``beta'_j`` is
the unit's absolute Banzhaf power upstairs (Penrose 1946; Felsenthal & Machover 1998, ch. 3,
Thm 3.4.3).  The identity is exact for units with an odd number of citizens (then each unit
votes yes with probability exactly 1/2); for even ``N`` a tie fails, the unit leans to "no" by
``psi(N)/2`` and the product is an approximation (the effect is ``O(1/sqrt N)``).

``psi(N) = C(N-1, floor((N-1)/2)) / 2^(N-1)``; Penrose's square-root law
``psi(N) ~ sqrt(2 / (pi N))`` means citizens are equally powerful when the units' upstairs
power is proportional to ``sqrt(N_j)`` (Penrose 1946; Słomczyński & Życzkowski 2006, the
Jagiellonian compromise: weights ``sqrt(N_j)`` and quota
``q = (1 + sqrt(sum N_j) / sum sqrt(N_j)) / 2``).

References
----------
* Penrose, L. S. (1946), "The elementary statistics of majority voting", *JRSS* 109(1): 53-57.
* Felsenthal, D. S. & Machover, M. (1998), *The Measurement of Voting Power*, ch. 3.
* Słomczyński, W. & Życzkowski, K. (2006), "Penrose voting system and optimal quota",
  *Acta Physica Polonica B* 37(11): 3133-3143.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from powershare.audit.metrics import weighted_gini
from powershare.errors import InvalidInputError
from powershare.games.base import SimpleGame
from powershare.games.weighted import WeightedGame
from powershare.power import power

__all__ = [
    "EXACT_MAX_CITIZENS",
    "CitizenRule",
    "DecisiveProbability",
    "citizen_power",
    "compare_centralisation",
    "decisive_probability",
    "jagiellonian_game",
    "penrose_approximation",
]

EXACT_MAX_CITIZENS = 20_001
"""Up to this many citizens ``psi(N)`` is an exact fraction; above, an lgamma approximation."""


@dataclass(frozen=True)
class DecisiveProbability:
    """``psi(N)``: the chance that one citizen decides a simple-majority vote of ``N``.

    Attributes
    ----------
    citizens
        ``N``.
    exact
        The exact fraction (``None`` above :data:`EXACT_MAX_CITIZENS`).
    value
        As a float (from ``exact`` when known, else from ``lgamma``).
    is_exact
        Whether ``exact`` is given.
    """

    citizens: int
    exact: Fraction | None
    value: float
    is_exact: bool


def decisive_probability(
    citizens: int, *, exact_max: int = EXACT_MAX_CITIZENS
) -> DecisiveProbability:
    """The chance a citizen decides a simple-majority vote among ``citizens`` voters.

    ``C(N-1, floor((N-1)/2)) / 2^(N-1)`` (exactly; for even ``N`` too, where a tie fails).
    Above ``exact_max`` citizens the binomial is evaluated with ``math.lgamma`` in floating
    point (relative error below about ``1e-9`` for ``N < 10^9``) and labelled approximate.

    Examples
    --------
    >>> decisive_probability(3).exact
    Fraction(1, 2)
    >>> decisive_probability(5).exact
    Fraction(3, 8)
    """
    if isinstance(citizens, bool) or not isinstance(citizens, int) or citizens < 1:
        raise InvalidInputError(f"number of citizens {citizens!r} must be a whole number >= 1")
    n1 = citizens - 1
    k = n1 // 2
    if citizens <= exact_max:
        value = Fraction(math.comb(n1, k), 1 << n1)
        return DecisiveProbability(citizens, value, float(value), True)
    log = math.lgamma(n1 + 1) - math.lgamma(k + 1) - math.lgamma(n1 - k + 1) - n1 * math.log(2)
    return DecisiveProbability(citizens, None, math.exp(log), False)


def penrose_approximation(citizens: int) -> float:
    """Penrose's (1946) square-root approximation ``sqrt(2 / (pi N))`` of ``psi(N)``."""
    if citizens < 1:
        raise InvalidInputError(f"number of citizens {citizens!r} must be >= 1")
    return math.sqrt(2 / (math.pi * citizens))


@dataclass(frozen=True)
class CitizenRule:
    """Citizen power of every unit under one upper-tier rule.

    Attributes
    ----------
    label
        The rule, e.g. ``"chamber as is"``.
    description
        The rule in words.
    units
        Unit names.
    populations
        Citizens per unit.
    decisive
        ``psi(N_j)`` per unit.
    unit_power
        Absolute Banzhaf power of each unit upstairs (exact), or ``None`` for a direct vote.
    citizen
        Citizen power per unit (floats; exact products where both factors are exact are in
        :attr:`citizen_exact`).
    citizen_exact
        Exact citizen power, or ``None`` when ``psi`` was approximated.
    relative
        Citizen power divided by the population-weighted mean citizen power under this rule.
    mean
        Population-weighted mean citizen power.
    max_min_ratio
        Largest over smallest citizen power (``None`` if someone has 0).
    gini
        Gini coefficient of citizen power over all citizens (float).
    notes
        Approximations and assumptions.
    """

    label: str
    description: str
    units: tuple[str, ...]
    populations: tuple[int, ...]
    decisive: tuple[DecisiveProbability, ...]
    unit_power: tuple[Fraction, ...] | None
    citizen: tuple[float, ...]
    citizen_exact: tuple[Fraction, ...] | None
    relative: tuple[float, ...]
    mean: float
    max_min_ratio: float | None
    gini: float
    notes: tuple[str, ...] = ()

    @property
    def is_exact(self) -> bool:
        """Whether every citizen value is exact."""
        return self.citizen_exact is not None

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready figures."""
        return {
            "label": self.label,
            "description": self.description,
            "exact": self.is_exact,
            "mean_citizen_power": self.mean,
            "max_min_ratio": self.max_min_ratio,
            "gini_over_citizens_float": self.gini,
            "notes": list(self.notes),
            "units": [
                {
                    "name": name,
                    "population": self.populations[j],
                    "decisive_probability": self.decisive[j].value,
                    "decisive_probability_exact": self.decisive[j].is_exact,
                    "unit_absolute_banzhaf": None
                    if self.unit_power is None
                    else float(self.unit_power[j]),
                    **(
                        {"unit_absolute_banzhaf_exact": str(self.unit_power[j])}
                        if self.unit_power is not None
                        else {}
                    ),
                    "citizen_power": self.citizen[j],
                    "relative_to_mean": self.relative[j],
                }
                for j, name in enumerate(self.units)
            ],
        }


def _finish(
    label: str,
    description: str,
    units: Sequence[str],
    populations: Sequence[int],
    decisive: Sequence[DecisiveProbability],
    unit_power: Sequence[Fraction] | None,
    notes: Sequence[str],
) -> CitizenRule:
    exact_psi = [d.exact for d in decisive if d.exact is not None]
    exact_ok = len(exact_psi) == len(decisive)
    citizen_exact: tuple[Fraction, ...] | None = None
    if unit_power is None:
        citizen = tuple(d.value for d in decisive)
        if exact_ok:
            citizen_exact = tuple(exact_psi)
    else:
        citizen = tuple(d.value * float(b) for d, b in zip(decisive, unit_power, strict=True))
        if exact_ok:
            citizen_exact = tuple(p * b for p, b in zip(exact_psi, unit_power, strict=True))
    total = sum(populations)
    mean = sum(c * p for c, p in zip(citizen, populations, strict=True)) / total
    relative = tuple(c / mean if mean else 0.0 for c in citizen)
    low = min(citizen)
    extra = list(notes)
    if not exact_ok:
        extra.append(
            "psi(N) for units above "
            f"{EXACT_MAX_CITIZENS:,} citizens is computed with lgamma (floating point, "
            "relative error below 1e-9): citizen power is an approximation"
        )
    return CitizenRule(
        label=label,
        description=description,
        units=tuple(units),
        populations=tuple(populations),
        decisive=tuple(decisive),
        unit_power=None if unit_power is None else tuple(unit_power),
        citizen=citizen,
        citizen_exact=citizen_exact,
        relative=relative,
        mean=mean,
        max_min_ratio=None if low == 0 else max(citizen) / low,
        gini=weighted_gini(citizen, populations),
        notes=tuple(extra),
    )


def _check_populations(populations: Sequence[int]) -> tuple[int, ...]:
    out = []
    for p in populations:
        if isinstance(p, bool) or not isinstance(p, int) or p < 1:
            raise InvalidInputError(
                f"population {p!r} is not a whole number of citizens >= 1; citizen power needs "
                "head-counts"
            )
        out.append(int(p))
    return tuple(out)


def citizen_power(
    upper: SimpleGame,
    populations: Sequence[int | None],
    *,
    label: str = "decentralised",
    exact_max: int = EXACT_MAX_CITIZENS,
) -> CitizenRule:
    """Citizen power in a two-tier system: ``psi(N_j) * beta'_j`` for each unit ``j``.

    Parameters
    ----------
    upper
        The upper body, whose members are the units (each voting as a bloc).
    populations
        Citizens per unit, in the order of ``upper.names``.
    label
        Name of the rule in reports.
    exact_max
        Largest unit for which ``psi`` is computed as an exact fraction.

    Examples
    --------
    >>> from powershare.games.weighted import WeightedGame
    >>> r = citizen_power(WeightedGame(2, [1, 1, 1]), [3, 3, 5])
    >>> r.citizen_exact
    (Fraction(1, 4), Fraction(1, 4), Fraction(3, 16))
    """
    if len(populations) != upper.n:
        raise InvalidInputError(
            f"got {len(populations)} populations for {upper.n} units; give one per unit"
        )
    known = [j for j, p in enumerate(populations) if p is not None]
    if not known:
        raise InvalidInputError("no unit has a population; citizen power needs head-counts")
    pops = _check_populations([populations[j] for j in known])  # type: ignore[misc]
    beta = power(upper, "banzhaf_absolute")
    if beta.exact is None:  # pragma: no cover - exact methods give exact values
        raise InvalidInputError("citizen power needs the exact absolute Banzhaf power")
    decisive = [decisive_probability(p, exact_max=exact_max) for p in pops]
    notes = []
    if any(p % 2 == 0 for p in pops):
        notes.append(
            "units with an even number of citizens: a tie fails, so the unit leans to 'no' and "
            "psi x beta' is an approximation of order 1/sqrt(N)"
        )
    missing = [upper.names[j] for j in range(upper.n) if populations[j] is None]
    if missing:
        notes.append(
            f"no population for {', '.join(missing)}: member(s) of the upper body without a "
            "citizen-power figure"
        )
    names = [upper.names[j] for j in known]
    unit_power = [beta.exact[j] for j in known]
    return _finish(label, upper.describe(), names, pops, decisive, unit_power, notes)


def jagiellonian_game(
    names: Sequence[str], populations: Sequence[int], *, resolution: int | None = None
) -> WeightedGame:
    """Penrose square-root weights with the Jagiellonian optimal quota (Słomczyński &
    Życzkowski 2006).

    Weights ``sqrt(N_j)`` are rounded to integers (to ``resolution`` units for the smallest
    unit when given, else the integer part of ``sqrt(N_j)``, at least 1); the quota is
    ``ceil(q * W)`` with ``q = (1 + sqrt(sum N) / sum sqrt(N)) / 2`` evaluated on the exact square
    roots.  The rounding makes this an approximation of the ideal rule.
    """
    pops = _check_populations(populations)
    roots = [math.sqrt(p) for p in pops]
    factor = 1.0 if resolution is None else resolution / min(roots)
    weights = [max(1, round(r * factor)) for r in roots]
    share = (1 + math.sqrt(sum(pops)) / sum(roots)) / 2
    total = sum(weights)
    quota = min(total, math.ceil(share * total))
    return WeightedGame(quota, weights, list(names), quota_text=f"{share:.2%} (Jagiellonian)")


def compare_centralisation(
    upper: SimpleGame,
    populations: Sequence[int | None],
    *,
    exact_max: int = EXACT_MAX_CITIZENS,
    rule_label: str = "decentralised (as given)",
) -> list[CitizenRule]:
    """Citizen power for the same people under a centralised and several decentralised rules.

    The rules are:

    1. **centralised**: one vote of all ``sum N_j`` citizens by simple majority (everyone has
       ``psi(sum N)``);
    2. **decentralised (as given)**: the units vote as blocs in ``upper``;
    3. **one unit, one vote**: the units as blocs with equal weight, simple majority;
    4. **Penrose square-root weights** with the Jagiellonian quota (the rule that equalises
       citizen power, approximately).

    Parameters
    ----------
    upper
        The upper body over the units.
    populations
        Citizens per unit; ``None`` for a member without a population, which stays in
        ``upper`` but is left out of the alternative rules (1, 3, 4).
    """
    given = citizen_power(upper, populations, label=rule_label, exact_max=exact_max)
    names, pops = given.units, given.populations
    total = sum(pops)
    central = _finish(
        "centralised",
        f"one national vote of all {total:,} citizens by simple majority",
        names,
        pops,
        [decisive_probability(total, exact_max=exact_max)] * len(pops),
        None,
        (),
    )
    rules = [central, given]
    m = len(names)
    equal = WeightedGame(m // 2 + 1, [1] * m, list(names), quota_text="majority")
    rules.append(citizen_power(equal, pops, label="one unit, one vote", exact_max=exact_max))
    jag = jagiellonian_game(names, pops)
    penrose = citizen_power(jag, pops, label="Penrose square-root weights", exact_max=exact_max)
    rules.append(
        CitizenRule(
            **{
                **penrose.__dict__,
                "notes": (
                    *penrose.notes,
                    "weights are sqrt(population) rounded to integers and the quota is the "
                    "Jagiellonian optimal quota (Słomczyński & Życzkowski 2006): an "
                    "approximation of the rule that equalises citizen power",
                ),
            }
        )
    )
    return rules
