"""The registry of shipped bodies: each entry builds the game and says what is known about it.

Every entry gives a :class:`Dataset`: the rule, and (where the shipped files have them) the
seats, the populations and what they are, blocs, the same body under other rules, the caveats,
the source notes and whether the body is illustrative.  Every command (``power``,
``structure``, ``audit``, ``design``, ``datasets``) and the web app's picker read bodies from
here, so a body shipped once can be used everywhere.  Figures are never changed here: a body
is built from the files as they are.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from fractions import Fraction

from powershare.datasets.files import read_rows, read_text, yaml_comments
from powershare.errors import InvalidQuotaError
from powershare.games.base import SimpleGame
from powershare.games.weighted import WeightedGame

__all__ = ["ALIASES", "DATASETS", "Dataset", "DatasetInfo"]

Population = int | Fraction | None


@dataclass(frozen=True)
class Dataset:
    """A shipped body, loaded: its rule and what the shipped files say about it.

    Attributes
    ----------
    name, title
        Short name and title.
    game
        The decision rule.
    caveats
        Caveats and modelling assumptions (shown in every report).
    source_file, source
        The main source notes (a ``.source.md`` file, or a YAML file's comments) and their text.
    sources
        ``(file, text)`` of every source note shown in full in reports.
    seats
        Seats per member, where they differ from a weighted game's weights (else ``None``).
    populations
        Population per member (``None`` where no sourced figure is shipped), or ``None``.
    population_label
        What the populations are.
    populations_are_counts
        Whether they are head-counts (else shares of an estimate).
    units
        Whether members are units whose citizens elect them (citizen-level power applies).
    blocs
        Named a-priori unions of members, if any.
    comparisons
        ``(label, rule)``: the same body under other rules.
    illustrative
        Whether the body is illustrative, not real.
    scenario_file
        The shipped scenario file (YAML) the body is read from, if any.
    geometry
        The shipped GeoJSON file with the members' boundaries (for maps), if any; its
        ``.source.md`` is among ``sources``.
    """

    name: str
    title: str
    game: SimpleGame
    caveats: tuple[str, ...]
    source_file: str
    source: str
    sources: tuple[tuple[str, str], ...] = ()
    seats: tuple[int, ...] | None = None
    populations: tuple[Population, ...] | None = None
    population_label: str = "population"
    populations_are_counts: bool = True
    units: bool = True
    blocs: dict[str, tuple[str, ...]] | None = None
    comparisons: tuple[tuple[str, SimpleGame], ...] = ()
    illustrative: bool = False
    scenario_file: str | None = None
    geometry: str | None = None


@dataclass(frozen=True)
class DatasetInfo:
    """A registered body (built on demand by :meth:`load`).

    ``caveats`` is the one-line summary shown in listings; ``build(quota)`` returns the body's
    :class:`Dataset` (with ``quota`` replacing the rule's quota, for single-quota rules).
    ``geometry`` names a shipped GeoJSON file of the members' boundaries (joined by name).
    """

    name: str
    title: str
    files: tuple[str, ...]
    caveats: str
    build: Callable[[DatasetInfo, object | None], Dataset]
    scenario_file: str | None = None
    extra_caveats: tuple[str, ...] = field(default=())
    geometry: str | None = None

    def notes(self) -> tuple[str, str]:
        """The main source notes: ``(file, text)``."""
        md = next((f for f in self.files if f.endswith(".source.md")), None)
        if md is not None:
            return md, read_text(md)
        return self.files[0], yaml_comments(self.files[0])

    def base(self, game: SimpleGame, **known: object) -> Dataset:
        """A :class:`Dataset` of this entry with ``game`` and what else is ``known``."""
        source_file, source = self.notes()
        data = Dataset(
            name=self.name,
            title=self.title,
            game=game,
            caveats=(self.caveats, *self.extra_caveats),
            source_file=source_file,
            source=source,
            sources=((source_file, source),),
            scenario_file=self.scenario_file,
        )
        return replace(data, **known)  # type: ignore[arg-type]

    def load(self, quota: object | None = None) -> Dataset:
        """Build the body, optionally with another quota."""
        data = self.build(self, quota)
        if self.geometry is None:
            return data
        note = f"{self.geometry}.source.md"
        return replace(
            data, geometry=self.geometry, sources=(*data.sources, (note, read_text(note)))
        )


def _full_texts(files: tuple[str, ...] | list[str]) -> tuple[tuple[str, str], ...]:
    """``(file, text)`` of the source notes and YAML files among ``files``, in full."""
    return tuple((f, read_text(f)) for f in files if f.endswith((".md", ".yaml")))


def _compound_quota(info: DatasetInfo, quota: object | None) -> None:
    if quota is not None:
        raise InvalidQuotaError(
            f"dataset {info.name!r} has a compound rule; --quota only replaces a single quota"
        )


# -- builders --------------------------------------------------------------------------------
def _scenario_file(info: DatasetInfo, quota: object | None) -> Dataset:
    """A compound rule from its shipped scenario file (``rules/``); single-quota bodies ship
    as CSV files with source notes (:func:`_from_csv`)."""
    assert info.scenario_file is not None and info.scenario_file.startswith("rules/")
    _compound_quota(info, quota)
    return info.base(_compound_rule(read_text(info.scenario_file), info.name))


def _compound_rule(text: str, source: str) -> SimpleGame:
    """The rule of a shipped compound-rule file (its schema is imported when one is read)."""
    from powershare.games.rule_schema import parse_rule_text

    return parse_rule_text(text, source=source)[0]


def _electoral_college(info: DatasetInfo, quota: object | None) -> Dataset:
    rows = read_rows("us_electoral_college_2024.csv")
    game = WeightedGame.from_values(
        [r["electoral_votes"] for r in rows],
        270 if quota is None else quota,
        [r["state"] for r in rows],
    )
    house = {
        r["state"]: int(r["apportionment_population_2020"]) for r in read_rows("us_house_2020.csv")
    }
    return info.base(
        game,
        populations=tuple(house.get(n) for n in game.names),
        population_label="Census 2020 apportionment population (50 states; none shipped for DC)",
        sources=_full_texts(["us_electoral_college_2024.source.md", "us_house_2020.source.md"]),
    )


def _unsc(info: DatasetInfo, quota: object | None) -> Dataset:
    rows = read_rows("un_security_council.csv")
    weights = [7 if r["veto"] == "True" else 1 for r in rows]
    game = WeightedGame.from_values(
        weights, 39 if quota is None else quota, [r["member"] for r in rows]
    )
    return info.base(game)


def _afghan(which: str) -> Callable[[DatasetInfo, object | None], Dataset]:
    def build(info: DatasetInfo, quota: object | None) -> Dataset:
        from powershare.datasets import afghanistan as af  # apportions: imported when built

        if which == "council":
            body = af.illustrative_council(quota=quota)
        else:
            body = af.wolesi_jirga(
                include_special=which == "full", quota="majority" if quota is None else quota
            )
        return info.base(
            body.game,
            title=body.title,
            caveats=body.caveats,
            sources=_full_texts(body.files),
            seats=body.seats,
            populations=body.populations,
            population_label=body.population_label,
            populations_are_counts=body.populations_are_counts,
            units=body.populations_are_counts,
            comparisons=body.comparisons,
            illustrative=body.illustrative,
        )

    return build


def _eu_lisbon(info: DatasetInfo, quota: object | None) -> Dataset:
    _compound_quota(info, quota)
    game = _compound_rule(read_text("rules/eu_council_lisbon.yaml"), info.name)
    rows = {r["member_state"]: r for r in read_rows("eu_council.csv")}
    return info.base(
        game,
        populations=tuple(int(rows[n]["eurostat_population_2024_01_01"]) for n in game.names),
        population_label="Eurostat population 1 Jan 2024 (the rule uses the Council's 2025 shares)",
        sources=_full_texts(["eu_council.source.md", "rules/eu_council_lisbon.yaml"]),
    )


def _from_csv(
    file: str,
    names: str,
    weights: str,
    default_quota: object,
    populations: str | None = None,
    label: str = "population",
) -> Callable[[DatasetInfo, object | None], Dataset]:
    """A single-quota body from the columns of a shipped CSV file, with its populations when
    a column of them is named."""

    def build(info: DatasetInfo, quota: object | None) -> Dataset:
        rows = read_rows(file)
        game = WeightedGame.from_values(
            [r[weights] for r in rows],
            default_quota if quota is None else quota,
            [r[names] for r in rows],
        )
        return info.base(
            game,
            caveats=info.extra_caveats or (info.caveats,),
            populations=None if populations is None else tuple(int(r[populations]) for r in rows),
            population_label=label,
            sources=_full_texts([file.replace(".csv", ".source.md")]),
        )

    return build


_AFGHAN_FILES = ("afghanistan_provinces.csv", "afghanistan_provinces.source.md")
_EU_CAVEAT = (
    "Populations in the tables and in citizen power are Eurostat's 1 January 2024 figures, "
    "published rounded to 100; the rule itself uses the Council's 2025 shares rounded to 0.01% "
    "(eu_council.source.md)."
)
_TWO_TIER_CAVEAT = (
    "Citizen-level power treats each government's vote as decided by a majority of its "
    "citizens (the standard two-tier model of Felsenthal & Machover 1998 and "
    "Słomczyński & Życzkowski 2006), a simplification of how governments decide."
)

DATASETS: dict[str, DatasetInfo] = {
    info.name: info
    for info in (
        DatasetInfo(
            "afghanistan",
            "Afghanistan, Wolesi Jirga 2005-2021 (250 seats): 34 provincial delegations, the "
            "Kuchi and the Hindu/Sikh seat, each as a bloc; majority",
            (
                *_AFGHAN_FILES,
                "afghanistan_special_seats.csv",
                "afghanistan_special_seats.source.md",
            ),
            "Historical allocation (2005-2018); delegations modelled as blocs (members did not "
            "vote as blocs); populations are NSIA estimates (no census since 1979).",
            _afghan("full"),
            geometry="afghanistan_provinces.geojson",
        ),
        DatasetInfo(
            "afghanistan-wolesi-jirga",
            "Afghanistan, Wolesi Jirga: the 34 provincial delegations (239 seats) as blocs; "
            "majority",
            _AFGHAN_FILES,
            "Historical allocation (2005-2018); delegations modelled as blocs (members did not "
            "vote as blocs).",
            _afghan("provinces"),
            geometry="afghanistan_provinces.geojson",
        ),
        DatasetInfo(
            "afghanistan-council-illustrative",
            "ILLUSTRATIVE Afghan national power-sharing council: 100 seats from a disputed "
            "ethnic estimate, two-thirds rule",
            (
                "afghanistan_council_illustrative.yaml",
                "afghanistan_ethnic_shares.csv",
                "afghanistan_ethnic_shares.source.md",
            ),
            "ILLUSTRATIVE, not a real or proposed body; ethnic shares are disputed estimates.",
            _afghan("council"),
        ),
        DatasetInfo(
            "eec-1958",
            "Council of Ministers of the EEC, 1958 (qualified majority 12 of 17)",
            ("eec_council_1958.csv", "eec_council_1958.source.md"),
            "Historic rule (1958-1972).",
            _from_csv("eec_council_1958.csv", "member", "weight", 12),
        ),
        DatasetInfo(
            "us-electoral-college-2024",
            "US Electoral College 2024/2028 (270 of 538 electoral votes)",
            ("us_electoral_college_2024.csv", "us_electoral_college_2024.source.md"),
            "Maine and Nebraska split their electors by district; modelled as blocks.",
            _electoral_college,
            extra_caveats=(
                "Populations are the 2020 apportionment populations (residents plus overseas "
                "federal personnel), not voters; the District of Columbia has no figure in the "
                "shipped file, so it has no citizen-power figure.",
            ),
        ),
        DatasetInfo(
            "us-house-2020",
            "US House of Representatives, 2020 apportionment (435 seats), state delegations "
            "as blocs",
            ("us_house_2020.csv", "us_house_2020.source.md"),
            "Modelling assumption: each state's delegation votes as one bloc; real members vote "
            "individually and by party.",
            _from_csv(
                "us_house_2020.csv",
                "state",
                "seats_2020",
                "majority",
                "apportionment_population_2020",
                "Census 2020 apportionment population",
            ),
        ),
        DatasetInfo(
            "un-security-council",
            "UN Security Council 2026: 9 of 15 with no permanent-member veto, as [39; 7x5, 1x10]",
            ("un_security_council.csv", "un_security_council.source.md"),
            "Abstention by a permanent member is modelled as a 'no' (usual simplification).",
            _unsc,
        ),
        DatasetInfo(
            "eu-council-lisbon",
            "Council of the EU, Lisbon qualified majority: 55% of states and 65% of population, "
            "blocking minority of at least 4",
            ("rules/eu_council_lisbon.yaml", "eu_council.source.md"),
            "Uses the Council's 2025 population shares, rounded to 0.01% (they sum to 100.01%).",
            _eu_lisbon,
            scenario_file="rules/eu_council_lisbon.yaml",
            extra_caveats=(_EU_CAVEAT, _TWO_TIER_CAVEAT),
        ),
        DatasetInfo(
            "eu-council-nice",
            "Council of the EU-27, Treaty of Nice weights (historical; votes criterion only)",
            ("eu_council.csv", "eu_council.source.md"),
            "Historical weights (applied until 2014/2017) for the EU-27 without the UK.",
            _from_csv(
                "eu_council.csv",
                "member_state",
                "nice_treaty_votes",
                255,
                "eurostat_population_2024_01_01",
                "Eurostat population 1 Jan 2024",
            ),
            extra_caveats=(
                "Historical weights (applied until 2014/2017) for the EU-27 without the UK: 323 "
                "votes; the 255-vote threshold is the EU-27 (2007) figure; the member-count and "
                "62% population checks of the Nice rule are not modelled (eu_council.source.md).",
            ),
        ),
        DatasetInfo(
            "un-security-council-rule",
            "UN Security Council 2026 as written: 9 of 15 votes and no veto of the 5 permanent",
            ("rules/un_security_council.yaml", "un_security_council.source.md"),
            "Abstention by a permanent member is modelled as a 'no' (usual simplification).",
            _scenario_file,
            scenario_file="rules/un_security_council.yaml",
        ),
        DatasetInfo(
            "us-federal-lawmaking",
            "US federal lawmaking: House, Senate, Vice-President's tie-break, President's veto "
            "and the two-thirds override (537 members)",
            ("rules/us_federal_lawmaking.yaml",),
            "Members of each chamber are interchangeable; party discipline is not modelled.",
            _scenario_file,
            scenario_file="rules/us_federal_lawmaking.yaml",
        ),
        DatasetInfo(
            "northern-ireland-cross-community",
            "Northern Ireland Assembly 2022: cross-community consent (parallel consent or "
            "weighted majority)",
            (
                "rules/northern_ireland_cross_community.yaml",
                "northern_ireland_assembly_2022.source.md",
            ),
            "Parties vote as blocs with their 2022 seats.",
            _scenario_file,
            scenario_file="rules/northern_ireland_cross_community.yaml",
        ),
    )
}
"""Every shipped body by name."""

ALIASES: dict[str, str] = {"eu-council": "eu-council-lisbon"}
"""Other names of shipped bodies."""
