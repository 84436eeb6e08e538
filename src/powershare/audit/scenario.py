"""What an audit is about: a body, its rule and what is known about its members."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from fractions import Fraction

from powershare.audit.geometry import Regions
from powershare.errors import InvalidInputError
from powershare.games.base import SimpleGame
from powershare.games.weighted import WeightedGame

__all__ = ["AuditScenario"]


@dataclass(frozen=True)
class AuditScenario:
    """A body and rule to audit, with optional seats, populations, blocs and comparisons.

    Attributes
    ----------
    name, title
        Short name and title for reports.
    game
        The decision rule.
    seats
        Seats per member (default: the weights of a weighted game; ``None`` for other rules).
    populations
        Population per member (``None`` for a member without a sourced figure), or ``None``.
    population_label
        What the populations are, e.g. ``"settled population, NSIA 1400 estimate"``.
    populations_are_counts
        Whether the populations are head-counts (needed for citizen power) or shares.
    units
        Whether the members are territorial units whose citizens elect them by majority (the
        two-tier, citizen-level analysis applies).
    blocs
        Named groups of members (a-priori unions) to report together.
    comparisons
        ``(label, rule)`` pairs: the same body under other rules.
    caveats
        Caveats shown in every report.
    sources
        ``(file name, text)`` of the source notes shown in full in the reports.
    illustrative
        Whether the body is illustrative, not real (reports say so at the top).
    geometry
        The members' boundaries, for maps (:func:`powershare.audit.geometry.read_geojson`).
    """

    name: str
    title: str
    game: SimpleGame
    seats: tuple[int, ...] | None = None
    populations: tuple[int | Fraction | None, ...] | None = None
    population_label: str = "population"
    populations_are_counts: bool = True
    units: bool = True
    blocs: dict[str, tuple[str, ...]] | None = None
    comparisons: tuple[tuple[str, SimpleGame], ...] = ()
    caveats: tuple[str, ...] = ()
    sources: tuple[tuple[str, str], ...] = ()
    illustrative: bool = False
    notes: tuple[str, ...] = field(default=())
    geometry: Regions | None = None

    def __post_init__(self) -> None:
        n = self.game.n
        if self.seats is None and isinstance(self.game, WeightedGame) and self.game.scale == 1:
            object.__setattr__(self, "seats", self.game.weights)
        if self.seats is not None and len(self.seats) != n:
            raise InvalidInputError(f"got {len(self.seats)} seat counts for {n} members")
        if self.populations is not None:
            if len(self.populations) != n:
                raise InvalidInputError(f"got {len(self.populations)} populations for {n} members")
            for p in self.populations:
                if p is not None and Fraction(p) < 0:
                    raise InvalidInputError(f"population {p!r} is negative; must be >= 0")
            if all(p is None for p in self.populations):
                object.__setattr__(self, "populations", None)
        for label, rule in self.comparisons:
            if tuple(rule.names) != tuple(self.game.names):
                raise InvalidInputError(f"comparison rule {label!r} is over other members")

    def known_populations(self) -> list[tuple[int, Fraction]]:
        """``(member position, population)`` for members with a population."""
        if self.populations is None:
            return []
        return [(i, Fraction(p)) for i, p in enumerate(self.populations) if p is not None]

    def with_populations(
        self, populations: Sequence[int | Fraction | None], label: str
    ) -> AuditScenario:
        """A copy with other populations."""
        return replace(self, populations=tuple(populations), population_label=label)
