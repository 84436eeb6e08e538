"""The header every scenario file shares, validated with pydantic, and the :class:`Body` of a
validated scenario.

Both scenario schemas (single quota in :mod:`~powershare.games.scenario`, compound rules in
:mod:`~powershare.games.rule_schema`) extend :class:`ScenarioHeader` (name, description,
source, blocs, which coalitions can form) and end in :func:`body_from_mapping`.  Kept apart
from :mod:`~powershare.games.body` so that only reading a scenario file imports pydantic.
"""

from __future__ import annotations

from collections.abc import Mapping
from fractions import Fraction
from typing import Any

from pydantic import BaseModel, ConfigDict, model_validator

from powershare.errors import InvalidInputError, ParseError
from powershare.games.base import SimpleGame
from powershare.games.body import Body, expand_members
from powershare.games.numbers import parse_exact

__all__ = ["ScenarioHeader", "body_from_mapping"]


class ScenarioHeader(BaseModel):
    """What every scenario file has besides its members and rule: notes and optional blocs.

    Blocs are checked against the member names (after expanding ``count`` entries).
    """

    model_config = ConfigDict(extra="forbid")
    name: str | None = None
    description: str | None = None
    source: str | None = None
    # the shipped dataset the scenario was edited from (the web app's editor keeps it, so its
    # reports carry the dataset's caveats, sources and comparisons); a note for readers here
    dataset: str | None = None
    blocs: dict[str, list[str]] | None = None
    # which coalitions can form (power.graph): one of these three
    graph: list[list[str]] | str | None = None
    never_together: list[list[str]] | str | None = None
    order: list[str] | str | None = None

    @model_validator(mode="after")
    def _one_restriction(self) -> ScenarioHeader:
        given = [k for k in ("graph", "never_together", "order") if getattr(self, k) is not None]
        if len(given) > 1:
            raise ValueError(
                f"give one of graph, never_together and order, not {' and '.join(given)}"
            )
        return self

    @model_validator(mode="after")
    def _blocs_known(self) -> ScenarioHeader:
        if self.blocs is None:
            return self
        listed = getattr(self, "members", [])
        entries = [m.model_dump(exclude_none=True) for m in listed]
        members = {name for name, _ in expand_members(entries)}
        seen: dict[str, str] = {}
        for bloc, names in self.blocs.items():
            if not names:
                raise ValueError(f"blocs: bloc {bloc!r} has no members")
            for name in names:
                if members and name not in members:
                    shown = sorted(members)
                    more = ", ..." if len(shown) > 12 else ""
                    raise ValueError(
                        f"blocs: bloc {bloc!r} names {name!r}, which is not a member; members are "
                        f"{', '.join(shown[:12])}{more}"
                    )
                if name in seen:
                    raise ValueError(
                        f"blocs: member {name!r} is in blocs {seen[name]!r} and {bloc!r}; "
                        "each member belongs to one bloc"
                    )
                seen[name] = bloc
        return self


def _populations(
    members: list[tuple[str, dict[str, Any]]], source: str
) -> tuple[Fraction | None, ...] | None:
    if not any(cols.get("population") is not None for _, cols in members):
        return None
    out: list[Fraction | None] = []
    for name, cols in members:
        value = cols.get("population")
        if value is None:
            out.append(None)
            continue
        try:
            pop = parse_exact(value, what=f"population of {name!r}", allow_percent=False)
        except InvalidInputError as exc:
            raise ParseError(f"{source}: members: {exc}") from None
        if pop < 0:
            raise ParseError(f"{source}: members: population of {name!r} is {value}; must be >= 0")
        out.append(pop)
    return tuple(out)


def body_from_mapping(
    game: SimpleGame, header: ScenarioHeader, data: Mapping[str, Any], *, source: str
) -> Body:
    """The :class:`Body` of a validated scenario mapping whose game is already built."""
    raw = data.get("members")
    entries = [m for m in raw if isinstance(m, Mapping)] if isinstance(raw, list) else []
    members = expand_members(entries)
    if [name for name, _ in members] != list(game.names):  # pragma: no cover - defensive
        members = [(name, {}) for name in game.names]
    return Body(
        game=game,
        blocs=header.blocs,
        name=header.name,
        source=header.source,
        description=header.description,
        populations=_populations(members, source),
        columns=tuple(cols for _, cols in members),
        restriction=next(
            (
                {key: getattr(header, key)}
                for key in ("graph", "never_together", "order")
                if getattr(header, key) is not None
            ),
            None,
        ),
    )
