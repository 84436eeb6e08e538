"""Real bodies shipped with powershare, each with its source and caveats.

The data files live in ``powershare/datasets/data/``; every CSV has a ``.source.md`` beside it
stating where each figure comes from, the edition and date, and the caveats.  Figures are never
changed here: a body is built from the file as it is.

>>> from powershare.datasets import load
>>> load("eec-1958").game.notation()
'[12; 4, 4, 4, 2, 2, 1]'
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from dataclasses import dataclass
from importlib import resources

from powershare.errors import UnknownNameError
from powershare.games.base import SimpleGame
from powershare.games.rule_schema import parse_rule_text
from powershare.games.scenario import parse_scenario_text
from powershare.games.weighted import WeightedGame

__all__ = [
    "DATASETS",
    "Dataset",
    "DatasetInfo",
    "game_from_spec",
    "load",
    "names",
    "read_rows",
    "read_text",
]


def read_text(filename: str) -> str:
    """The text of a shipped data file (e.g. ``"eu_council.csv"`` or its ``.source.md``)."""
    return (resources.files("powershare.datasets") / "data" / filename).read_text("utf-8")


def read_rows(filename: str) -> list[dict[str, str]]:
    """Rows of a shipped CSV file as dictionaries keyed by the header."""
    return list(csv.DictReader(io.StringIO(read_text(filename))))


@dataclass(frozen=True)
class Dataset:
    """A loaded dataset: the body as a game, plus where it came from."""

    name: str
    title: str
    game: SimpleGame
    source: str
    caveats: str
    source_file: str


@dataclass(frozen=True)
class DatasetInfo:
    """A registered dataset (loaded on demand)."""

    name: str
    title: str
    files: tuple[str, ...]
    caveats: str
    build: Callable[[object | None], SimpleGame]

    def load(self, quota: object | None = None) -> Dataset:
        """Build the body, optionally with another quota."""
        source_file = next((f for f in self.files if f.endswith(".source.md")), self.files[0])
        return Dataset(
            name=self.name,
            title=self.title,
            game=self.build(quota),
            source=read_text(source_file)
            if source_file.endswith(".md")
            else _yaml_source(source_file),
            caveats=self.caveats,
            source_file=source_file,
        )


def _yaml_source(filename: str) -> str:
    return "\n".join(
        line.lstrip("# ") for line in read_text(filename).splitlines() if line.startswith("#")
    )


def _eec(quota: object | None) -> WeightedGame:
    return parse_scenario_text(read_text("eec_council_1958.yaml"), source="eec-1958").to_game(quota)


def _electoral_college(quota: object | None) -> WeightedGame:
    rows = read_rows("us_electoral_college_2024.csv")
    return WeightedGame.from_values(
        [r["electoral_votes"] for r in rows],
        270 if quota is None else quota,
        [r["state"] for r in rows],
    )


def _unsc(quota: object | None) -> WeightedGame:
    rows = read_rows("un_security_council.csv")
    weights = [7 if r["veto"] == "True" else 1 for r in rows]
    return WeightedGame.from_values(
        weights, 39 if quota is None else quota, [r["member"] for r in rows]
    )


def _rule_file(filename: str, name: str) -> Callable[[object | None], SimpleGame]:
    def build(quota: object | None) -> SimpleGame:
        if quota is not None:
            raise UnknownNameError(
                f"dataset {name!r} has a compound rule; --quota applies to single-quota bodies only"
            )
        return parse_rule_text(read_text(filename), source=name)[0]

    return build


def _afghan(which: str) -> Callable[[object | None], SimpleGame]:
    def build(quota: object | None) -> SimpleGame:
        from powershare.datasets import afghanistan

        if which == "council":
            return afghanistan.illustrative_council(quota=quota).game
        return afghanistan.wolesi_jirga(
            include_special=which == "full", quota="majority" if quota is None else quota
        ).game

    return build


DATASETS: dict[str, DatasetInfo] = {
    info.name: info
    for info in (
        DatasetInfo(
            "afghanistan",
            "Afghanistan, Wolesi Jirga 2005-2021 (250 seats): 34 provincial delegations, the "
            "Kuchi and the Hindu/Sikh seat, each as a bloc; majority",
            (
                "afghanistan_provinces.csv",
                "afghanistan_provinces.source.md",
                "afghanistan_special_seats.csv",
                "afghanistan_special_seats.source.md",
            ),
            "Historical allocation (2005-2018); delegations modelled as blocs (members did not "
            "vote as blocs); populations are NSIA estimates (no census since 1979).",
            _afghan("full"),
        ),
        DatasetInfo(
            "afghanistan-wolesi-jirga",
            "Afghanistan, Wolesi Jirga: the 34 provincial delegations (239 seats) as blocs; "
            "majority",
            ("afghanistan_provinces.csv", "afghanistan_provinces.source.md"),
            "Historical allocation (2005-2018); delegations modelled as blocs (members did not "
            "vote as blocs).",
            _afghan("provinces"),
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
            ("eec_council_1958.yaml",),
            "Historic rule (1958-1972).",
            _eec,
        ),
        DatasetInfo(
            "us-electoral-college-2024",
            "US Electoral College 2024/2028 (270 of 538 electoral votes)",
            ("us_electoral_college_2024.csv", "us_electoral_college_2024.source.md"),
            "Maine and Nebraska split their electors by district; modelled as blocks.",
            _electoral_college,
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
            _rule_file("rules/eu_council_lisbon.yaml", "eu-council-lisbon"),
        ),
        DatasetInfo(
            "un-security-council-rule",
            "UN Security Council 2026 as written: 9 of 15 votes and no veto of the 5 permanent",
            ("rules/un_security_council.yaml", "un_security_council.source.md"),
            "Abstention by a permanent member is modelled as a 'no' (usual simplification).",
            _rule_file("rules/un_security_council.yaml", "un-security-council-rule"),
        ),
        DatasetInfo(
            "us-federal-lawmaking",
            "US federal lawmaking: House, Senate, Vice-President's tie-break, President's veto "
            "and the two-thirds override (537 members)",
            ("rules/us_federal_lawmaking.yaml",),
            "Members of each chamber are interchangeable; party discipline is not modelled.",
            _rule_file("rules/us_federal_lawmaking.yaml", "us-federal-lawmaking"),
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
            _rule_file(
                "rules/northern_ireland_cross_community.yaml", "northern-ireland-cross-community"
            ),
        ),
    )
}


def names() -> list[str]:
    """Names of the shipped datasets."""
    return list(DATASETS)


def load(name: str, quota: object | None = None) -> Dataset:
    """Load a shipped dataset by name (see :func:`names`).

    Raises
    ------
    UnknownNameError
        If no dataset has that name; the message lists the names.
    """
    key = name.strip().lower().replace("_", "-")
    try:
        info = DATASETS[key]
    except KeyError:
        raise UnknownNameError(
            f"unknown dataset {name!r}; shipped datasets: {', '.join(DATASETS)}"
        ) from None
    return info.load(quota)


def game_from_spec(spec: str, quota: object | None = None) -> SimpleGame:
    """A game from a dataset name, the notation, a member list, a CSV or a scenario file.

    This is what the command line's ``GAME`` argument accepts.
    """
    from pathlib import Path

    from powershare.games.loading import load_game

    key = spec.strip().lower().replace("_", "-")
    if key in DATASETS and not Path(spec).exists():
        return DATASETS[key].build(quota)
    return load_game(spec, quota)
