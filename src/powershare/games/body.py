"""A body as read from any input: its members, their numbers, its blocs and its rule.

Every reader of bodies (:func:`powershare.games.scenario.read_scenario` for YAML/JSON scenario
files and text, :func:`powershare.games.loading.load_body` for the notation, member lists and CSV
files, :mod:`powershare.datasets` for the shipped bodies) returns one :class:`Body`, so every
command and the web app see the same members, weights, populations and blocs.

This module is also the one place where a member entry with ``count: k`` is expanded into the
``k`` members ``"<name> 1" .. "<name> k"`` (:func:`expand_members`), for both scenario schemas
(single quota in :mod:`~powershare.games.scenario`, compound rules in
:mod:`~powershare.games.rule_schema`).  The header shared by both schemas (name, description,
source, blocs) is validated in :mod:`~powershare.games.scenario_header`, which alone here needs
pydantic: a command given a shipped body or a member list does not import it.

>>> expand_members([{"name": "A", "weight": 3}, {"name": "S", "count": 2, "weight": 1}])
[('A', {'weight': 3}), ('S 1', {'weight': 1}), ('S 2', {'weight': 1})]
>>> member_count([{"name": "A"}, {"name": "S", "count": 10**9}])
1000000001
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

from powershare.errors import InvalidInputError
from powershare.games.base import SimpleGame
from powershare.games.fileformat import check_member_count
from powershare.games.numbers import parse_exact
from powershare.games.weighted import WeightedGame

__all__ = ["Body", "expand_members", "member_count"]


def _count(entry: Mapping[str, Any]) -> int | None:
    count = entry.get("count")
    if isinstance(count, int) and not isinstance(count, bool) and count >= 1:
        return count
    return None


def member_count(entries: Iterable[object]) -> int:
    """How many members a ``members:`` list stands for, without expanding it."""
    total = 0
    for entry in entries:
        count = _count(entry) if isinstance(entry, Mapping) else None
        total += 1 if count is None else count
    return total


def expand_members(entries: Iterable[Mapping[str, Any]]) -> list[tuple[str, dict[str, Any]]]:
    """``(name, columns)`` of every member; ``count: k`` stands for ``"<name> 1" .. "<name> k"``.

    The columns are the entry's keys other than ``name`` and ``count`` (e.g. ``weight``,
    ``population``, ``seats``, ``community``); each expanded member gets its own copy.

    Raises
    ------
    ParseError
        If the entries stand for more than :data:`~powershare.games.fileformat.MAX_MEMBERS`
        members (checked before anything is expanded).
    """
    entries = list(entries)
    check_member_count(member_count(entries), source="the members list")
    out: list[tuple[str, dict[str, Any]]] = []
    for entry in entries:
        name = str(entry.get("name"))
        columns = {k: v for k, v in entry.items() if k not in ("name", "count")}
        count = _count(entry)
        if count is None:
            out.append((name, columns))
        else:
            out.extend((f"{name} {k}", dict(columns)) for k in range(1, count + 1))
    return out


@dataclass(frozen=True)
class Body:
    """A body and its rule, with what the input says about its members.

    Attributes
    ----------
    game
        The decision rule over the members (single quota or compound).
    blocs
        Named a-priori unions (``None`` when the input has none).
    name, source, description
        Notes from the input (``None`` when absent).
    restriction
        Which coalitions can form: ``{"graph": ...}``, ``{"never_together": ...}`` or
        ``{"order": ...}`` as in the file (``None`` when the input has none); read it with
        :meth:`powershare.power.graph.Graph.from_spec`.
    populations
        Population per member (``None`` for a member without one), or ``None`` when no member
        has one.
    columns
        Each member's other columns (e.g. ``weight``, ``population``, ``community``), in member
        order, after expanding ``count`` entries.

    Examples
    --------
    >>> from powershare.games.scenario import read_scenario
    >>> b = read_scenario("members: [{name: A, weight: 2, population: 900}, "
    ...                   "{name: B, count: 2, weight: 1}]\\nrule: {quota: 3}")
    >>> b.names, [str(w) for w in b.weights]
    (('A', 'B 1', 'B 2'), ['2', '1', '1'])
    >>> b.populations
    (Fraction(900, 1), None, None)
    """

    game: SimpleGame
    blocs: dict[str, list[str]] | None = None
    name: str | None = None
    source: str | None = None
    description: str | None = None
    populations: tuple[Fraction | None, ...] | None = None
    columns: tuple[dict[str, Any], ...] = field(default=())
    restriction: dict[str, Any] | None = None

    @property
    def names(self) -> tuple[str, ...]:
        """The members' names."""
        return tuple(self.game.names)

    @property
    def weights(self) -> tuple[Fraction, ...] | None:
        """Each member's weight as given (``None`` for rules without one weight per member)."""
        if isinstance(self.game, WeightedGame):
            return tuple(self.game.original_weight(i) for i in range(self.game.n))
        if self.columns and all("weight" in c for c in self.columns):
            try:
                return tuple(parse_exact(c["weight"]) for c in self.columns)
            except InvalidInputError:
                return None
        return None

    def column(self, key: str) -> tuple[object, ...] | None:
        """One column of every member (``None`` where a member lacks it; ``None`` if all do)."""
        if not any(key in c for c in self.columns):
            return None
        return tuple(c.get(key) for c in self.columns)
