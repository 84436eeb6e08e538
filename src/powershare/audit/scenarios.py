"""Audit scenarios by name (the shipped bodies, with their populations and caveats) or from a
game specification (notation, member list, CSV, scenario file).

=================================== =========================================================
name                                what
=================================== =========================================================
``afghanistan``                     Wolesi Jirga, 250 seats: 34 provincial delegations as blocs,
                                    the Kuchi and the Hindu/Sikh seat; majority (2/3 compared);
                                    NSIA 1400 populations; citizen-level power
``afghanistan-wolesi-jirga``        the 34 provincial delegations only (239 seats)
``afghanistan-council-illustrative`` the ILLUSTRATIVE national power-sharing council
``eu-council-lisbon``               Council of the EU, Lisbon double majority; Eurostat 2024
                                    populations; citizen-level power
``eu-council-nice``                 Council of the EU-27 under the Treaty of Nice weights
                                    (historical weights, 255 of 323 votes criterion only)
``us-electoral-college-2024``       Electoral College with the Census 2020 apportionment
                                    populations of the 50 states (DC has none shipped)
``us-house-2020``                   House seats 2020 with state delegations as blocs
other                               any dataset name (:data:`powershare.datasets.DATASETS`) or
                                    ``GAME`` the ``power`` command accepts
=================================== =========================================================

Every shipped body is an entry of the one registry, :data:`powershare.datasets.DATASETS`; this
module only adapts an entry (or any body read by
:func:`powershare.datasets.body_from_spec`) to an :class:`AuditScenario`.
"""

from __future__ import annotations

from pathlib import Path

from powershare import datasets
from powershare.audit.geometry import read_geojson
from powershare.audit.scenario import AuditScenario
from powershare.datasets import Dataset
from powershare.errors import InvalidInputError, ParseError
from powershare.games.body import Body
from powershare.games.columns import read_named_values

__all__ = [
    "from_body",
    "from_dataset",
    "load_audit_scenario",
    "read_populations",
    "scenario_names",
]


def scenario_names() -> list[str]:
    """Names accepted by :func:`load_audit_scenario` besides any ``GAME``: every shipped body
    (:func:`powershare.datasets.names`) and its aliases."""
    return [*datasets.names(), *datasets.ALIASES]


def from_dataset(data: Dataset) -> AuditScenario:
    """The audit scenario of a shipped body: everything the registry knows about it."""
    return AuditScenario(
        name=data.name,
        title=data.title,
        game=data.game,
        seats=data.seats,
        populations=data.populations,
        population_label=data.population_label,
        populations_are_counts=data.populations_are_counts,
        units=data.units,
        blocs=data.blocs,
        comparisons=data.comparisons,
        caveats=data.caveats,
        sources=data.sources,
        illustrative=data.illustrative,
        geometry=None
        if data.geometry is None
        else read_geojson(datasets.read_text(data.geometry), data.game.names, source=data.geometry),
    )


def from_body(body: Body, name: str, title: str | None = None) -> AuditScenario:
    """The audit scenario of a body read from a ``GAME`` (notation, list, CSV, scenario file)."""
    pops = body.populations
    return AuditScenario(
        name=name,
        title=title or name,
        game=body.game,
        populations=pops,
        populations_are_counts=pops is None or all(p.denominator == 1 for p in pops if p),
        blocs=None if body.blocs is None else {k: tuple(v) for k, v in body.blocs.items()},
    )


def read_populations(path: str | Path) -> dict[str, int]:
    """Population per name from a CSV file (comma, semicolon or tab separated).

    The name column is ``name`` (or another name-like header, or the first text column); the
    value column is ``population`` (or the only numeric column).  Thousands separators
    (``1,234``) are accepted; values must be whole numbers, at least 1.

    Raises
    ------
    ParseError
        Naming the file, the line and the value.
    """
    table = read_named_values(
        Path(path), prefer=("population",), words=(("population", "pop"),), what="populations file"
    )
    out: dict[str, int] = {}
    for i, name in enumerate(table.names):
        value = table.number(i, allow_percent=False, what="population")
        if value.denominator != 1:
            raise ParseError(
                f"{table.where(i)}: population {table.values[i]!r} is not a whole number"
            )
        if value < 1:
            raise ParseError(f"{table.where(i)}: population {value} must be at least 1")
        out[name] = int(value)
    return out


def load_audit_scenario(
    spec: str, quota: object | None = None, *, populations: dict[str, int] | None = None
) -> AuditScenario:
    """An audit scenario from a name (see the module docstring) or any ``GAME`` specification.

    Parameters
    ----------
    spec
        A dataset name, the notation ``"[q; w...]"``, a member list, a CSV or a scenario file
        (whose members may carry ``population``, given one by one or by ``count``, and which
        may have ``blocs``).
    quota
        Another quota for single-quota rules.
    populations
        Population per member name (overrides any shipped figures; members not named have none).
    """
    info = datasets.find(spec)
    if info is not None and not Path(spec).exists():
        scenario = from_dataset(info.load(quota))
    else:
        key = spec.strip().lower().replace("_", "-")
        scenario = from_body(datasets.body_from_spec(spec, quota), key, spec)
    if populations is not None:
        unknown = sorted(set(populations) - set(scenario.game.names))
        if unknown:
            raise InvalidInputError(
                f"populations given for {', '.join(unknown)}, which are not members; members "
                f"are {', '.join(scenario.game.names)}"
            )
        scenario = scenario.with_populations(
            [populations.get(n) for n in scenario.game.names], "population (from file)"
        )
    return scenario
