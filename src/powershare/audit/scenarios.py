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
other                               any dataset name or ``GAME`` the ``power`` command accepts
=================================== =========================================================
"""

from __future__ import annotations

from collections.abc import Callable
from fractions import Fraction
from pathlib import Path
from typing import Any

from powershare.audit.scenario import AuditScenario
from powershare.errors import InvalidInputError, ParseError
from powershare.games.fileformat import read_text_file
from powershare.games.weighted import WeightedGame

__all__ = ["AUDIT_SCENARIOS", "load_audit_scenario", "read_populations", "scenario_names"]


def _sources(files: tuple[str, ...] | list[str]) -> tuple[tuple[str, str], ...]:
    from powershare.datasets import read_text

    out = []
    for f in files:
        if f.endswith(".md") or f.endswith(".yaml"):
            out.append((f, read_text(f)))
    return tuple(out)


def _afghan(which: str, quota: object | None) -> AuditScenario:
    from powershare.datasets import afghanistan as af

    if which == "council":
        body = af.illustrative_council(quota=quota)
    else:
        body = af.wolesi_jirga(
            include_special=which == "full", quota="majority" if quota is None else quota
        )
    return AuditScenario(
        name=body.name,
        title=body.title,
        game=body.game,
        seats=body.seats,
        populations=body.populations,
        population_label=body.population_label,
        populations_are_counts=body.populations_are_counts,
        units=body.populations_are_counts,
        comparisons=body.comparisons,
        caveats=body.caveats,
        sources=_sources(body.files),
        illustrative=body.illustrative,
    )


def _eu_lisbon(quota: object | None) -> AuditScenario:
    from powershare.datasets import load, read_rows

    if quota is not None:
        raise InvalidInputError("eu-council-lisbon has a compound rule; --quota does not apply")
    data = load("eu-council-lisbon")
    rows = {r["member_state"]: r for r in read_rows("eu_council.csv")}
    pops = tuple(int(rows[n]["eurostat_population_2024_01_01"]) for n in data.game.names)
    return AuditScenario(
        name="eu-council-lisbon",
        title=data.title,
        game=data.game,
        populations=pops,
        population_label="Eurostat population 1 Jan 2024 (the rule uses the Council's 2025 shares)",
        caveats=(
            data.caveats,
            "Populations in the tables and in citizen power are Eurostat's 1 January 2024 "
            "figures, published rounded to 100; the rule itself uses the Council's 2025 shares "
            "rounded to 0.01% (eu_council.source.md).",
            "Citizen-level power treats each government's vote as decided by a majority of its "
            "citizens (the standard two-tier model of Felsenthal & Machover 1998 and "
            "Słomczyński & Życzkowski 2006), a simplification of how governments decide.",
        ),
        sources=_sources(["eu_council.source.md", "rules/eu_council_lisbon.yaml"]),
    )


def _weighted_from_csv(
    file: str, names: str, weights: str, populations: str, quota: object
) -> tuple[WeightedGame, tuple[int, ...]]:
    """A single-quota body from the columns of a shipped CSV file, and its populations."""
    from powershare.datasets import read_rows

    rows = read_rows(file)
    game = WeightedGame.from_values([r[weights] for r in rows], quota, [r[names] for r in rows])
    return game, tuple(int(r[populations]) for r in rows)


def _eu_nice(quota: object | None) -> AuditScenario:
    game, pops = _weighted_from_csv(
        "eu_council.csv", "member_state", "nice_treaty_votes", "eurostat_population_2024_01_01",
        255 if quota is None else quota,
    )  # fmt: skip
    return AuditScenario(
        name="eu-council-nice",
        title="Council of the EU-27, Treaty of Nice weights (historical; votes criterion only)",
        game=game,
        populations=pops,
        population_label="Eurostat population 1 Jan 2024",
        caveats=(
            "Historical weights (applied until 2014/2017) for the EU-27 without the UK: 323 "
            "votes; the 255-vote threshold is the EU-27 (2007) figure; the member-count and 62% "
            "population checks of the Nice rule are not modelled (eu_council.source.md).",
        ),
        sources=_sources(["eu_council.source.md"]),
    )


def _electoral_college(quota: object | None) -> AuditScenario:
    from powershare.datasets import load, read_rows

    data = load("us-electoral-college-2024", quota)
    house = {
        r["state"]: int(r["apportionment_population_2020"]) for r in read_rows("us_house_2020.csv")
    }
    pops = tuple(house.get(n) for n in data.game.names)
    return AuditScenario(
        name="us-electoral-college-2024",
        title=data.title,
        game=data.game,
        populations=pops,
        population_label="Census 2020 apportionment population (50 states; none shipped for DC)",
        caveats=(
            data.caveats,
            "Populations are the 2020 apportionment populations (residents plus overseas "
            "federal personnel), not voters; the District of Columbia has no figure in the "
            "shipped file, so it has no citizen-power figure.",
        ),
        sources=_sources(["us_electoral_college_2024.source.md", "us_house_2020.source.md"]),
    )


def _house(quota: object | None) -> AuditScenario:
    game, pops = _weighted_from_csv(
        "us_house_2020.csv", "state", "seats_2020", "apportionment_population_2020",
        "majority" if quota is None else quota,
    )  # fmt: skip
    return AuditScenario(
        name="us-house-2020",
        title="US House of Representatives, 2020 apportionment (435 seats), state delegations "
        "as blocs",
        game=game,
        populations=pops,
        population_label="Census 2020 apportionment population",
        caveats=(
            "Modelling assumption: each state's delegation votes as one bloc; real members vote "
            "individually and by party.",
        ),
        sources=_sources(["us_house_2020.source.md"]),
    )


AUDIT_SCENARIOS: dict[str, Callable[[object | None], AuditScenario]] = {
    "afghanistan": lambda q: _afghan("full", q),
    "afghanistan-wolesi-jirga": lambda q: _afghan("provinces", q),
    "afghanistan-council-illustrative": lambda q: _afghan("council", q),
    "eu-council-lisbon": _eu_lisbon,
    "eu-council": _eu_lisbon,
    "eu-council-nice": _eu_nice,
    "us-electoral-college-2024": _electoral_college,
    "us-house-2020": _house,
}
"""Audit scenarios by name: each builds the body with its populations, caveats and sources."""


def scenario_names() -> list[str]:
    """Names accepted by :func:`load_audit_scenario` besides any ``GAME``."""
    return list(AUDIT_SCENARIOS)


def read_populations(path: str | Path) -> dict[str, int]:
    """``name,population`` rows of a CSV file (a header row naming both columns)."""
    import csv

    text = read_text_file(path, what="populations file")
    reader = csv.DictReader(text.splitlines())
    fields = [f.strip().lower() for f in reader.fieldnames or []]
    if "name" not in fields or "population" not in fields:
        raise ParseError(
            f"{path}: the populations file needs a header with columns 'name' and 'population'"
        )
    out: dict[str, int] = {}
    for k, row in enumerate(reader, start=2):
        clean = {key.strip().lower(): (v or "").strip() for key, v in row.items() if key}
        try:
            value = int(clean["population"].replace(",", "").replace("_", ""))
        except ValueError:
            raise ParseError(
                f"{path}, line {k}: population {clean['population']!r} is not a whole number"
            ) from None
        if value < 1:
            raise ParseError(f"{path}, line {k}: population {value} must be at least 1")
        out[clean["name"]] = value
    return out


def _scenario_file_populations(spec: str) -> tuple[list[Any] | None, dict[str, list[str]] | None]:
    import yaml

    p = Path(spec)
    if p.suffix.lower() not in {".yaml", ".yml", ".json"} or not p.exists():
        return None, None
    try:
        data = yaml.safe_load(p.read_text(encoding="utf-8-sig"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return None, None
    if not isinstance(data, dict):
        return None, None
    members = data.get("members")
    pops = None
    if isinstance(members, list) and all(
        isinstance(m, dict) and "population" in m for m in members
    ):
        pops = [m["population"] for m in members]
    blocs = data.get("blocs") if isinstance(data.get("blocs"), dict) else None
    return pops, blocs


def load_audit_scenario(
    spec: str, quota: object | None = None, *, populations: dict[str, int] | None = None
) -> AuditScenario:
    """An audit scenario from a name (see the module docstring) or any ``GAME`` specification.

    Parameters
    ----------
    spec
        A scenario name, a dataset name, the notation ``"[q; w...]"``, a member list, a CSV or
        a scenario file (whose members may carry ``population`` and which may have ``blocs``).
    quota
        Another quota for single-quota rules.
    populations
        Population per member name (overrides any shipped figures; members not named have none).
    """
    from powershare.datasets import DATASETS, game_from_spec
    from powershare.datasets import load as load_dataset

    key = spec.strip().lower().replace("_", "-")
    if key in AUDIT_SCENARIOS and not Path(spec).exists():
        scenario = AUDIT_SCENARIOS[key](quota)
    else:
        game = game_from_spec(spec, quota)
        caveats: tuple[str, ...] = ()
        sources: tuple[tuple[str, str], ...] = ()
        title = spec
        if key in DATASETS and not Path(spec).exists():
            data = load_dataset(key, quota)
            title, caveats = data.title, (data.caveats,)
            sources = ((data.source_file, data.source),)
        file_pops, blocs = _scenario_file_populations(spec)
        pops: tuple[int | Fraction | None, ...] | None = None
        if file_pops is not None:
            pops = tuple(Fraction(str(p)) for p in file_pops)
        scenario = AuditScenario(
            name=key,
            title=title,
            game=game,
            populations=pops,
            populations_are_counts=pops is None or all(p.denominator == 1 for p in pops if p),
            blocs=None if blocs is None else {k: tuple(v) for k, v in blocs.items()},
            caveats=caveats,
            sources=sources,
        )
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
