"""Citizen-level power in two-tier systems (decentralisation): the audit's citizen section.

The two-tier model, ``psi(N)`` and citizen power ``psi(N_j) * beta'_j`` live in
:mod:`powershare.power.twotier` (Penrose 1946; Felsenthal & Machover 1998, ch. 3;
Słomczyński & Życzkowski 2006); this module compares rules for the same people: the given
upper body against a centralised vote, one unit one vote, and Penrose square-root weights
with the Jagiellonian quota (:func:`compare_centralisation`), with each rule's equality
figures over all citizens (:class:`CitizenRule`).

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
from powershare.games.numbers import to_float
from powershare.games.weighted import WeightedGame
from powershare.power import twotier
from powershare.power.twotier import (
    EXACT_MAX_CITIZENS,
    SERIES_METHOD,
    DecisiveProbability,
    decisive_probability,
    jagiellonian_quota,
    penrose_approximation,
)

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
                    else to_float(self.unit_power[j]),
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
    citizen: Sequence[float],
    citizen_exact: Sequence[Fraction] | None,
    notes: Sequence[str],
) -> CitizenRule:
    total = sum(populations)
    mean = sum(c * p for c, p in zip(citizen, populations, strict=True)) / total
    relative = tuple(c / mean if mean else 0.0 for c in citizen)
    low = min(citizen)
    extra = list(notes)
    if citizen_exact is None:
        extra.append(
            f"psi(N) for units above {EXACT_MAX_CITIZENS:,} citizens is computed from "
            f"{SERIES_METHOD}: citizen power is not an exact fraction"
        )
    return CitizenRule(
        label=label,
        description=description,
        units=tuple(units),
        populations=tuple(populations),
        decisive=tuple(decisive),
        unit_power=None if unit_power is None else tuple(unit_power),
        citizen=tuple(citizen),
        citizen_exact=None if citizen_exact is None else tuple(citizen_exact),
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
    """The audit's figures for :func:`powershare.power.twotier.citizen_power` under one rule.

    Citizen power ``psi(N_j) * beta'_j`` of each unit ``j`` (computed by
    :mod:`powershare.power.twotier`), with its mean over all citizens, each unit relative to
    the mean, the largest-to-smallest ratio and the Gini coefficient over citizens.

    Parameters
    ----------
    upper
        The upper body, whose members are the units (each voting as a bloc).
    populations
        Citizens per unit, in the order of ``upper.names``; ``None`` for a member without a
        population (no citizen figure; noted).
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
    >>> r.max_min_ratio
    1.3333333333333333
    """
    if len(populations) == upper.n:
        _check_populations([p for p in populations if p is not None])
    cp = twotier.citizen_power(upper, populations, exact_max=exact_max)
    notes = []
    if cp.even_units:
        notes.append(
            "units with an even number of citizens: a tie fails, so the unit leans to 'no' and "
            "psi x beta' is an approximation of order 1/sqrt(N)"
        )
    if cp.missing:
        notes.append(
            f"no population for {', '.join(cp.missing)}: member(s) of the upper body without a "
            "citizen-power figure"
        )
    return _finish(
        label,
        upper.describe(),
        cp.units,
        cp.populations,
        cp.decisive,
        cp.unit_power,
        cp.values,
        cp.exact,
        notes,
    )


def jagiellonian_game(
    names: Sequence[str], populations: Sequence[int], *, resolution: int | None = None
) -> WeightedGame:
    """Penrose square-root weights with the Jagiellonian optimal quota (Słomczyński &
    Życzkowski 2006).

    Weights ``sqrt(N_j)`` are rounded to integers (to ``resolution`` units for the smallest
    unit when given, else the integer part of ``sqrt(N_j)``, at least 1); the quota is
    ``ceil(q * W)`` with ``q`` the :func:`~powershare.power.twotier.jagiellonian_quota` of the
    exact square roots.  The rounding makes this an approximation of the ideal rule.

    Examples
    --------
    >>> jagiellonian_game(["A", "B", "C"], [100, 400, 900]).notation()
    '[49; 10, 20, 30]'
    """
    pops = _check_populations(populations)
    roots = [math.sqrt(p) for p in pops]
    factor = 1.0 if resolution is None else resolution / min(roots)
    weights = [max(1, round(r * factor)) for r in roots]
    share = jagiellonian_quota(roots)
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
    psi = decisive_probability(total, exact_max=exact_max)
    central = _finish(
        "centralised",
        f"one national vote of all {total:,} citizens by simple majority",
        names,
        pops,
        [psi] * len(pops),
        None,
        [psi.value] * len(pops),
        None if psi.exact is None else [psi.exact] * len(pops),
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
