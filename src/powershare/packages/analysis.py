"""Each party's power per institution and issue area, and the package summary.

For every issue area the parties play the :class:`~powershare.packages.game.PartyGame` in
which the area's decision passes (every institution of its chain, or any one of them); a
party's power in the area is its power in that game.  Its power in one institution for one
area is its power in that institution's rule alone.  The **package summary** of a party is
its salience-weighted mean power over the areas it cares about,
``sum_a s(p, a) * power(p, a) / sum_a s(p, a)`` (areas of salience 0 left out), a weighted
power measure in the spirit of issue-specific power (Napel & Widgrén 2004, "Power
measurement as sensitivity analysis", JTP 16:517-538, weigh outcomes by what players care
about; here the weights are the salience the file gives).

A rotating office (:class:`~powershare.packages.model.Rotation`) gives one game per term;
power is given per term and averaged over the cycle in proportion to the terms' lengths.

Cabinets are allocated first (their seats come from an institution with members), so an
institution made of a cabinet has the parties holding portfolios as members.

>>> from powershare.packages.schema import read_package
>>> pkg = read_package('''
... package:
...   name: toy
...   parties: [{name: A}, {name: B}, {name: C}]
...   institutions:
...     - {name: House, members: [{name: A, seats: 2}, {name: B, seats: 1}, {name: C, seats: 1}],
...        rule: {type: weighted, weight: seats, quota: 3}, decides: [laws, budget]}
...     - {name: Senate, members: [{name: B}, {name: C}], rule: {type: at_least, count: 2},
...        decides: [laws]}
...   areas: [{name: laws}, {name: budget}]
... ''')
>>> r = analyse(pkg)
>>> {p: str(v) for p, v in r.by_area("laws").items()}
{'A': '1/3', 'B': '1/3', 'C': '1/3'}
>>> {p: str(v) for p, v in r.summary().items()}
{'A': '7/15', 'B': '4/15', 'C': '4/15'}
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

from powershare.games.base import SimpleGame
from powershare.packages.cabinet import CabinetResult, allocate
from powershare.packages.game import PartyGame
from powershare.packages.model import Area, Institution, Package
from powershare.power.api import power_table, resolve_indices
from powershare.power.registry import Limits

__all__ = ["PackageResult", "analyse"]

Shares = dict[str, Fraction]


@dataclass(frozen=True)
class PackageResult:
    """The analysis of a package.

    Attributes
    ----------
    package
        What was analysed.
    indices
        Index keys computed (the first is the primary one).
    area_power
        ``[index][area][party]``: power in the game where the area's decision passes
        (averaged over the rotation cycle).
    institution_power
        ``[index][institution][area][party]``: power in one institution's rule for the area.
    term_power
        ``[index][area]``: per term of the rotation, ``{party: power}`` (empty without one).
    terms
        ``(holder, length)`` of each term of the rotation (one ``(None, 1)`` without one).
    cabinets
        The cabinet allocations, by name.
    exact
        Whether every value is exact.
    seconds
        Time taken.
    notes
        What the reader should know (ties in cabinets, indices left out).
    """

    package: Package
    indices: tuple[str, ...]
    area_power: dict[str, dict[str, Shares]]
    institution_power: dict[str, dict[str, dict[str, Shares]]]
    term_power: dict[str, dict[str, list[Shares]]]
    terms: tuple[tuple[str | None, Fraction], ...]
    cabinets: dict[str, CabinetResult] = field(default_factory=dict)
    exact: bool = True
    seconds: float = 0.0
    notes: tuple[str, ...] = ()
    methods: tuple[str, ...] = ()

    @property
    def parties(self) -> tuple[str, ...]:
        """The players."""
        return self.package.party_names

    def _index(self, index: str | None) -> str:
        return self.indices[0] if index is None else resolve_indices(index)[0].key

    def by_area(self, area: str, index: str | None = None) -> Shares:
        """Each party's power in an issue area."""
        return self.area_power[self._index(index)][area]

    def summary(self, index: str | None = None) -> dict[str, Fraction | None]:
        """Each party's salience-weighted power over the areas it cares about (``None`` when
        it cares about none)."""
        key = self._index(index)
        out: dict[str, Fraction | None] = {}
        for party in self.parties:
            total = Fraction(0)
            weighted = Fraction(0)
            for area in self.package.areas:
                s = self.package.salience_of(party, area)
                total += s
                weighted += s * self.area_power[key][area.name][party]
            out[party] = weighted / total if total else None
        return out

    def seat_shares(self) -> dict[str, Fraction | None]:
        """Each party's share of the seats: its ``seats`` as a party where the file gives
        them, else its share of the seats (or members) of the first institution with members."""
        given = {p.name: p.seats for p in self.package.parties}
        if any(v is not None for v in given.values()):
            total = sum((v for v in given.values() if v is not None), Fraction(0))
            return {p: (None if v is None or not total else v / total) for p, v in given.items()}
        first = next((i for i in self.package.institutions if i.members), None)
        if first is None:
            return {p: None for p in self.parties}
        return _normalise(institution_seats(first), self.parties)

    def seat_shares_by_institution(self) -> dict[str, dict[str, Fraction | None]]:
        """Each party's share of the seats (or portfolios) of every institution."""
        out = {}
        for inst in self.package.institutions:
            members = self.members_of(inst)
            out[inst.name] = _normalise(_seats_of(members), self.parties)
        return out

    def members_of(self, inst: Institution) -> tuple[dict[str, Any], ...]:
        """An institution's members (for a cabinet institution: the parties holding
        portfolios, with their portfolio counts as ``seats``)."""
        if inst.cabinet is None:
            return inst.members
        return cabinet_members(self.package, self.cabinets[inst.cabinet])

    def population_shares(self) -> dict[str, Fraction | None]:
        """Each party's share of the population, where the file gives populations."""
        given = {p.name: p.population for p in self.package.parties}
        total = sum((v for v in given.values() if v is not None), Fraction(0))
        return {p: (None if v is None or not total else v / total) for p, v in given.items()}


def _normalise(
    values: Mapping[str, Fraction], parties: tuple[str, ...]
) -> dict[str, Fraction | None]:
    total = sum(values.values(), Fraction(0))
    return {p: (values.get(p, Fraction(0)) / total if total else None) for p in parties}


def _seats_of(members: tuple[dict[str, Any], ...], column: str = "seats") -> dict[str, Fraction]:
    out: dict[str, Fraction] = {}
    for m in members:
        value = m.get(column, 1) if column in m else (1 if column == "seats" else 0)
        out[m["party"]] = out.get(m["party"], Fraction(0)) + Fraction(str(value))
    return out


def institution_seats(inst: Institution, column: str = "seats") -> dict[str, Fraction]:
    """Seats per party in an institution with members (members without ``column`` count 1)."""
    return _seats_of(inst.members, column)


def cabinet_members(package: Package, result: CabinetResult) -> tuple[dict[str, Any], ...]:
    """The members of an institution made of a cabinet: one per party holding portfolios."""
    columns = {p.name: p.columns for p in package.parties}
    return tuple(
        {
            **columns.get(party, {}),
            "name": party,
            "party": party,
            "seats": result.count(party),
            "portfolio_weight": str(result.weight_of(party)),
        }
        for party in result.holders()
    )


class _Games:
    """Builds and caches the party games and their power tables."""

    def __init__(
        self,
        package: Package,
        members: dict[str, tuple[dict[str, Any], ...]],
        indices: list[str],
        method: str,
        limits: Limits | None,
    ) -> None:
        self.package = package
        self.members = members
        self.indices = indices
        self.method = method
        self.limits = limits
        self.index = {p: k for k, p in enumerate(package.party_names)}
        self.cache: dict[tuple[Any, ...], dict[str, Shares]] = {}
        self.methods: set[str] = set()
        self.exact = True
        self.notes: list[str] = []

    def part(
        self, inst: Institution, area: str, holder: str | None
    ) -> tuple[SimpleGame, tuple[int, ...]]:
        members = [dict(m) for m in self.members[inst.name]]
        if inst.rotation is not None:
            for m in members:
                m[inst.rotation.column] = int(m["party"] == holder)
        game = inst.rule_for(area).build(members)
        return game, tuple(self.index[m["party"]] for m in members)

    def power(
        self, insts: list[Institution], area: str, require: str, holder: str | None
    ) -> dict[str, Shares]:
        key = (
            tuple((i.name, i.rule_key(area), holder if i.rotation else None) for i in insts),
            require,
        )
        if key not in self.cache:
            parts = [self.part(i, area, holder) for i in insts]
            game = PartyGame(
                self.package.party_names, parts, require=require, labels=[i.name for i in insts]
            )
            table = power_table(game, self.indices, method=self.method, limits=self.limits)
            for note in table.notes:
                if note not in self.notes:
                    self.notes.append(note)
            self.exact = self.exact and table.is_exact
            self.methods.update(r.method for r in table.results.values())
            self.cache[key] = {
                k: dict(zip(self.package.party_names, r.exact or (), strict=True))
                for k, r in table.results.items()
            }
        return self.cache[key]


def _average(per_term: list[dict[str, Shares]], weights: list[Fraction]) -> dict[str, Shares]:
    total = sum(weights, Fraction(0))
    out: dict[str, Shares] = {}
    for index in per_term[0]:
        out[index] = {
            party: sum(
                (w * t[index][party] for t, w in zip(per_term, weights, strict=True)), Fraction(0)
            )
            / total
            for party in per_term[0][index]
        }
    return out


def _cabinets(
    package: Package, primary: str, method: str, limits: Limits | None
) -> tuple[dict[str, CabinetResult], dict[str, tuple[dict[str, Any], ...]]]:
    members = {i.name: i.members for i in package.institutions if i.cabinet is None}
    results: dict[str, CabinetResult] = {}
    for cabinet in package.cabinets:
        source = package.institution(cabinet.source_institution or "")
        seats = {p: int(v) for p, v in institution_seats(source, cabinet.seat_column).items()}
        power = None
        if cabinet.method == "power":
            games = _Games(package, members, [primary], method, limits)
            holder = source.rotation.holders[0] if source.rotation else None
            power = games.power([source], "", "all", holder)[primary]
        results[cabinet.name] = allocate(cabinet, seats, power)
    for inst in package.institutions:
        if inst.cabinet is not None:
            members[inst.name] = cabinet_members(package, results[inst.cabinet])
    return results, members


def analyse(
    package: Package,
    indices: str | list[str] | None = "banzhaf",
    *,
    method: str = "auto",
    limits: Limits | None = None,
) -> PackageResult:
    """Power of every party per institution and issue area, and the package summary.

    Parameters
    ----------
    package
        The package (:func:`powershare.packages.schema.read_package`).
    indices
        An index key, a list, a comma-separated string or ``"all"`` (every index the games
        admit); the first is the primary one (used for ``method: power`` cabinets).
    method, limits
        As in :func:`powershare.power.power_table`; each game is checked against the limits
        before it is counted.
    """
    start = time.perf_counter()
    keys = [s.key for s in resolve_indices(indices)]
    if indices == "all" or (isinstance(indices, str) and "all" in indices.split(",")):
        keys = ["all"]
    cabinets, members = _cabinets(package, resolve_indices(indices)[0].key, method, limits)
    games = _Games(package, members, keys, method, limits)
    rotating = next((i.rotation for i in package.institutions if i.rotation), None)
    holders: list[str | None] = list(rotating.holders) if rotating else [None]
    lengths = list(rotating.terms) if rotating else [Fraction(1)]
    area_power: dict[str, dict[str, Shares]] = {}
    inst_power: dict[str, dict[str, dict[str, Shares]]] = {}
    term_power: dict[str, dict[str, list[Shares]]] = {}
    for area in package.areas:
        chain = [package.institution(n) for n in area.institutions]
        per_term = [games.power(chain, area.name, area.require, h) for h in holders]
        averaged = _average(per_term, lengths)
        for index, shares in averaged.items():
            area_power.setdefault(index, {})[area.name] = shares
            if rotating is not None:
                term_power.setdefault(index, {})[area.name] = [t[index] for t in per_term]
        for inst in chain:
            own = _average([games.power([inst], area.name, "all", h) for h in holders], lengths)
            for index, shares in own.items():
                inst_power.setdefault(index, {}).setdefault(inst.name, {})[area.name] = shares
    notes = list(games.notes)
    for result in cabinets.values():
        notes.extend(f"{result.cabinet.name}: {t}" for t in result.ties)
    computed = tuple(area_power)
    return PackageResult(
        package=package,
        indices=computed,
        area_power=area_power,
        institution_power=inst_power,
        term_power=term_power,
        terms=tuple(zip(holders, lengths, strict=True)),
        cabinets=cabinets,
        exact=games.exact,
        seconds=time.perf_counter() - start,
        notes=tuple(notes),
        methods=tuple(sorted(games.methods)),
    )


def areas_of(package: Package, institution: str) -> tuple[Area, ...]:
    """The issue areas an institution takes part in."""
    return tuple(a for a in package.areas if institution in a.institutions)
