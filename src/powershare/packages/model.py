"""What a package is: parties, institutions with their rules, issue areas, cabinets, rotation.

A **package** is a whole settlement: several institutions, each with its members (parties,
communities, delegates or office holders, each belonging to one party), its rule (any rule
kind of ``docs/rules.md``, read by :mod:`powershare.games.rule_schema`), and the issue areas
it decides.  An issue area may need several institutions in a chain (a law needs both
chambers and the presidency).  Parties are the players across institutions
(:class:`~powershare.packages.game.PartyGame`).  Issue areas carry salience weights, per
party where parties differ.

Objects here are built by :mod:`powershare.packages.schema` (the ``package:`` file format) and
analysed by :mod:`powershare.packages.analysis`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

from powershare.errors import ParseError
from powershare.games.base import SimpleGame
from powershare.games.body import expand_members
from powershare.games.rule_schema import rule_scenario_from_mapping
from powershare.packages.cabinet import Cabinet

__all__ = ["Area", "Institution", "Package", "Party", "Rotation", "RuleText", "expanded"]


@dataclass(frozen=True)
class Party:
    """A player of the package: a party or community, with its columns.

    ``seats`` and ``population`` (when given) are shown beside its power.
    """

    name: str
    columns: Mapping[str, Any] = field(default_factory=dict)
    seats: Fraction | None = None
    population: Fraction | None = None


@dataclass(frozen=True)
class RuleText:
    """A rule as written in the file (validated when the package was read), with where it is
    written, so that errors met when it is built again name the file, key and line."""

    data: Mapping[str, Any]
    source: str
    lines: Mapping[str, int] | None = None

    def build(self, members: list[dict[str, Any]]) -> SimpleGame:
        """The rule over ``members`` (expanded entries with their columns).

        Raises
        ------
        ParseError
            Naming the file, the institution, the key path and (YAML) the line.
        """
        game, _ = rule_scenario_from_mapping(
            {"members": members, "rule": dict(self.data)},
            source=self.source,
            lines=dict(self.lines) if self.lines is not None else None,
        )
        return game


@dataclass(frozen=True)
class Rotation:
    """An office held in turn: in term ``k`` the members of ``holders[k]`` have ``column`` 1
    (everyone else 0), and the rule may use that column (a chair's casting vote, an agenda
    setter).  ``terms`` are the terms' lengths in ``unit`` (power is averaged over the cycle
    in proportion to them)."""

    holders: tuple[str, ...]
    terms: tuple[Fraction, ...]
    column: str = "chair"
    unit: str = "terms"

    @property
    def cycle(self) -> Fraction:
        """The length of the whole cycle."""
        return sum(self.terms, Fraction(0))


@dataclass(frozen=True)
class Institution:
    """A body of the package.

    Attributes
    ----------
    name
        Its name.
    decides
        The issue areas it takes part in.
    rule
        Its rule (used for every area without its own).
    area_rules
        A rule per area where the institution decides that area differently (e.g. ordinary
        laws by majority, the budget by cross-community consent).
    members
        Member entries (``count:`` already expanded), each with its ``party`` column; ``()``
        for a cabinet institution (its members are the parties holding portfolios).
    cabinet
        The name of the cabinet whose portfolios make up its members, if any.
    rotation
        An office held in turn in it, if any.
    description
        Notes from the file.
    """

    name: str
    decides: tuple[str, ...]
    rule: RuleText
    area_rules: Mapping[str, RuleText] = field(default_factory=dict)
    members: tuple[dict[str, Any], ...] = ()
    cabinet: str | None = None
    rotation: Rotation | None = None
    description: str | None = None

    def rule_for(self, area: str) -> RuleText:
        """The rule by which this institution decides ``area``."""
        return self.area_rules.get(area, self.rule)

    def rule_key(self, area: str) -> str:
        """``"default"`` or the area whose own rule applies."""
        return area if area in self.area_rules else "default"


@dataclass(frozen=True)
class Area:
    """An issue area: the institutions whose consent it needs (``require="all"``, a chain) or
    any of which suffices (``"any"``), and its salience (default for every party)."""

    name: str
    institutions: tuple[str, ...]
    salience: Fraction = Fraction(1)
    require: str = "all"
    description: str | None = None


@dataclass(frozen=True)
class Package:
    """A whole settlement: parties, institutions, issue areas, cabinets.

    ``salience[party][area]`` overrides an area's salience for one party.
    """

    name: str
    parties: tuple[Party, ...]
    institutions: tuple[Institution, ...]
    areas: tuple[Area, ...]
    cabinets: tuple[Cabinet, ...] = ()
    salience: Mapping[str, Mapping[str, Fraction]] = field(default_factory=dict)
    description: str | None = None
    source: str | None = None
    illustrative: bool = False
    caveats: tuple[str, ...] = ()

    @property
    def party_names(self) -> tuple[str, ...]:
        """The players in order."""
        return tuple(p.name for p in self.parties)

    def institution(self, name: str) -> Institution:
        """An institution by name."""
        for inst in self.institutions:
            if inst.name == name:
                return inst
        raise ParseError(
            f"package {self.name!r} has no institution {name!r}; institutions: "
            + ", ".join(i.name for i in self.institutions)
        )

    def salience_of(self, party: str, area: Area) -> Fraction:
        """How much ``party`` cares about ``area``."""
        return self.salience.get(party, {}).get(area.name, area.salience)


def expanded(entries: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Member entries with ``count:`` expanded, as ``{"name": ..., <columns>}``."""
    return [{"name": name, **cols} for name, cols in expand_members(entries)]
