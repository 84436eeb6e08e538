"""Afghan bodies built from the shipped, sourced CSV files (figures are never changed here).

* :func:`wolesi_jirga`: the Wolesi Jirga (lower house, Electoral Law of 2004, used in 2005,
  2010 and 2018) with each of the 34 provincial delegations modelled as one bloc
  (``afghanistan_provinces.csv``: 239 seats, IPU PARLINE), optionally with the 10 Kuchi seats
  and the shared Hindu/Sikh seat (``afghanistan_special_seats.csv``: 250 seats in all).
* :func:`populations`: NSIA 1400 (2021-22) settled population per province, and the NSIA
  figure of 1,500,000 Kuchi (``afghanistan_provinces.source.md``); no population figure is
  shipped for the Hindu and Sikh communities, so theirs is ``None``.
* :func:`illustrative_council`: the ILLUSTRATIVE national power-sharing council described in
  ``afghanistan_council_illustrative.yaml`` (ethnic shares of a named, disputed estimate set,
  apportioned by the library).

Every builder returns an :class:`AfghanBody` carrying its caveats, taken from the
``.source.md`` files, and the names of the files it used.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

from powershare.datasets.files import read_rows, read_text
from powershare.errors import InvalidInputError
from powershare.games.weighted import WeightedGame

__all__ = [
    "KUCHI_POPULATION",
    "AfghanBody",
    "ethnic_shares",
    "illustrative_council",
    "populations",
    "province_rows",
    "special_seats",
    "wolesi_jirga",
]

PROVINCES_FILE = "afghanistan_provinces.csv"
SPECIAL_FILE = "afghanistan_special_seats.csv"
ETHNIC_FILE = "afghanistan_ethnic_shares.csv"
ILLUSTRATIVE_FILE = "afghanistan_council_illustrative.yaml"

KUCHI_POPULATION = 1_500_000
"""NSIA's Kuchi (nomad) population, national-only, as stated in
``afghanistan_provinces.source.md`` ("+ 1,500,000 Kuchi = 33.57 M"): a round NSIA figure."""

KUCHI = "Kuchi (nomads)"
HINDU_SIKH = "Hindu and Sikh seat"

WOLESI_JIRGA_CAVEATS: tuple[str, ...] = (
    "Seats per province are the allocation fixed for the 2005 election from pre-2005 CSO "
    "estimates (Electoral Law of 27 May 2004; IPU PARLINE), used again in 2010 and 2018 and never "
    "re-apportioned; the National Assembly has not sat since August 2021, so this is a "
    "historical allocation.",
    "Modelling assumption: each province's members are treated as one bloc voting together. "
    "Real members were elected individually by SNTV and did not vote as provincial blocs; the "
    "audit shows the power a province's delegation would have if it did.",
    "Populations are NSIA estimates for 1400 (2021-22), settled population only: there has been "
    "no census since 1979 and NSIA projects from the 2002-05 household listing. Six provinces "
    "(Bamyan, Paktika, Kunduz, Samangan, Sar-e Pol, Uruzgan) use NSIA figures rounded to 1,000 "
    "as printed by Pajhwok. UN WPP / World Bank totals are much higher (~40 M for 2021); sources "
    "are not mixed.",
    "Kuchi population: NSIA's round figure of 1.5 million nomads, national-only (belonging to "
    "no province).",
    "The 68 seats reserved for women are filled inside the 250 seats (not additive) and are not "
    "modelled separately.",
    "No population figure is shipped for the Hindu and Sikh communities: their seat has no "
    "citizen-power figure.",
)


@dataclass(frozen=True)
class AfghanBody:
    """A body built from the shipped files.

    Attributes
    ----------
    name, title
        Short name and title.
    game
        The rule (members, weights = seats, quota).
    seats
        Seats per member.
    populations
        Population per member (``None`` where no sourced figure is shipped).
    population_label
        What the populations are.
    populations_are_counts
        Whether they are head-counts (else shares, e.g. percentages of an estimate).
    comparisons
        ``(label, game)`` pairs: the same body under other rules.
    caveats
        Caveats from the ``.source.md`` files and the modelling assumptions.
    files
        The shipped files used (each CSV has a ``.source.md``).
    illustrative
        Whether the body is illustrative (not real).
    """

    name: str
    title: str
    game: WeightedGame
    seats: tuple[int, ...]
    populations: tuple[int | Fraction | None, ...]
    population_label: str
    populations_are_counts: bool
    comparisons: tuple[tuple[str, WeightedGame], ...] = ()
    caveats: tuple[str, ...] = ()
    files: tuple[str, ...] = ()
    illustrative: bool = False
    extra: dict[str, Any] = field(default_factory=dict)


def province_rows() -> list[dict[str, str]]:
    """The 34 rows of ``afghanistan_provinces.csv``."""
    return read_rows(PROVINCES_FILE)


def special_seats() -> dict[str, int]:
    """Kuchi and Hindu/Sikh seats from ``afghanistan_special_seats.csv`` (by our member name)."""
    out: dict[str, int] = {}
    for row in read_rows(SPECIAL_FILE):
        category = row["category"].lower()
        if category.startswith("kuchi"):
            out[KUCHI] = int(row["seats"])
        elif category.startswith("hindu"):
            out[HINDU_SIKH] = int(row["seats"])
    return out


def populations(*, series: str = "population_estimate") -> dict[str, int]:
    """Settled population per province (NSIA 1400 by default; ``"population_nsia_1398"``)."""
    if series not in {"population_estimate", "population_nsia_1398"}:
        raise InvalidInputError(
            f"population series {series!r} is not shipped; allowed: population_estimate "
            "(NSIA 1400), population_nsia_1398"
        )
    return {row["province"]: int(row[series]) for row in province_rows()}


def wolesi_jirga(
    *, include_special: bool = True, quota: object = "majority", series: str = "population_estimate"
) -> AfghanBody:
    """The Wolesi Jirga with provincial delegations as blocs.

    Parameters
    ----------
    include_special
        Add the Kuchi (10) and Hindu/Sikh (1) seats as two members (250 seats); else the 34
        provinces only (239 seats).
    quota
        The decision rule (default ``"majority"``: more than half of the seats).
    series
        Population column (see :func:`populations`).

    Examples
    --------
    >>> wolesi_jirga(include_special=False).game.total_weight
    239
    """
    rows = province_rows()
    names = [r["province"] for r in rows]
    seats = [int(r["wolesi_jirga_seats"]) for r in rows]
    pops_by = populations(series=series)
    pops: list[int | Fraction | None] = [pops_by[n] for n in names]
    files = [PROVINCES_FILE, PROVINCES_FILE.replace(".csv", ".source.md")]
    if include_special:
        special = special_seats()
        names += [KUCHI, HINDU_SIKH]
        seats += [special[KUCHI], special[HINDU_SIKH]]
        pops += [KUCHI_POPULATION, None]
        files += [SPECIAL_FILE, SPECIAL_FILE.replace(".csv", ".source.md")]
    game = WeightedGame.from_values(seats, quota, names)
    comparisons: list[tuple[str, WeightedGame]] = []
    if str(quota) == "majority":
        comparisons.append(("two-thirds", game.with_quota("2/3")))
    caveats = WOLESI_JIRGA_CAVEATS if include_special else WOLESI_JIRGA_CAVEATS[:3]
    total = sum(seats)
    year = "NSIA 1400 (2021-22)" if series == "population_estimate" else "NSIA 1398 (2019-20)"
    return AfghanBody(
        name="afghanistan" if include_special else "afghanistan-wolesi-jirga",
        title=(
            f"Afghanistan, Wolesi Jirga ({total} seats): 34 provincial delegations"
            + (", the Kuchi and the Hindu/Sikh seat" if include_special else "")
            + " modelled as blocs"
        ),
        game=game,
        seats=tuple(seats),
        populations=tuple(pops),
        population_label=f"settled population, {year} estimate",
        populations_are_counts=True,
        comparisons=tuple(comparisons),
        caveats=caveats,
        files=tuple(files),
    )


def ethnic_shares(estimate_set: str, column: str = "share_percent") -> dict[str, Fraction]:
    """Shares (percent, exact) of one named estimate set of ``afghanistan_ethnic_shares.csv``.

    Raises
    ------
    InvalidInputError
        If the set is not in the file or a share is missing.
    """
    rows = [r for r in read_rows(ETHNIC_FILE) if r["estimate_set"] == estimate_set]
    if not rows:
        sets = sorted({r["estimate_set"] for r in read_rows(ETHNIC_FILE)})
        raise InvalidInputError(f"estimate set {estimate_set!r} not shipped; sets: {sets}")
    out: dict[str, Fraction] = {}
    for r in rows:
        if not r[column]:
            raise InvalidInputError(
                f"estimate set {estimate_set!r} has no {column} for {r['group']!r}"
            )
        out[r["group"]] = Fraction(r[column])
    return out


def _caveat_lines(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def illustrative_council(*, quota: object | None = None) -> AfghanBody:
    """The ILLUSTRATIVE national power-sharing council of
    ``afghanistan_council_illustrative.yaml`` (see that file for every assumption).

    Seats are apportioned with :func:`powershare.apportion.apportion` from the named estimate
    set's shares; the result must be complete (no unresolved tie).
    """
    import yaml

    from powershare.apportion import apportion  # the council only: the provinces are shipped

    spec = yaml.safe_load(read_text(ILLUSTRATIVE_FILE))
    share_spec = spec["shares"]
    shares = ethnic_shares(share_spec["estimate_set"], share_spec.get("column", "share_percent"))
    result = apportion(list(shares.items()), int(spec["seats"]), spec["apportionment"])
    if not result.complete:
        raise InvalidInputError("the illustrative council's apportionment ended in a tie")
    names = list(result.names)
    seats = [int(s) for s in result.seats]
    rule = spec["rule"] if quota is None else quota
    game = WeightedGame.from_values(seats, rule, names)
    comparisons = tuple(
        (str(c["label"]), game.with_quota(c["quota"])) for c in spec.get("comparisons", [])
    )
    return AfghanBody(
        name="afghanistan-council-illustrative",
        title=str(spec["name"]),
        game=game,
        seats=tuple(seats),
        populations=tuple(shares[n] for n in names),
        population_label="estimated share of the population, percent (disputed estimate)",
        populations_are_counts=False,
        comparisons=comparisons,
        caveats=tuple(_caveat_lines(c) for c in spec.get("caveats", [])),
        files=(ILLUSTRATIVE_FILE, ETHNIC_FILE, ETHNIC_FILE.replace(".csv", ".source.md")),
        illustrative=bool(spec.get("illustrative", False)),
        extra={"estimate_set": share_spec["estimate_set"], "apportionment": spec["apportionment"]},
    )
