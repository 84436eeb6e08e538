"""Result objects of an apportionment: seats, quotas, ties and exclusions.

A result never hides a tie: when the last seat(s) could go to more than one unit with
equal right, :attr:`ApportionmentResult.ties` lists the tied units and the number of
contested seats.  Unless a tie-break rule was named, those seats are *not* in
:attr:`ApportionmentResult.seats` (which then holds only the seats that are certain).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

from powershare.apportion._values import format_fraction, format_number
from powershare.errors import InvalidInputError
from powershare.games.display import Displayable, TableData, bar_plot, plural, whole_if_possible


@dataclass(frozen=True)
class Tie:
    """Seats that several units have equal right to.

    Attributes
    ----------
    units
        Names of the tied units (each has equal claim to one more seat).
    seats
        How many of the tied units get a seat (fewer than ``len(units)``).
    winners
        Units that got a contested seat by the named tie-break rule; empty when unresolved.
    rule
        Name of the tie-break rule applied, or ``None``.
    """

    units: tuple[str, ...]
    seats: int
    winners: tuple[str, ...] = ()
    rule: str | None = None

    @property
    def resolved(self) -> bool:
        """``True`` when a tie-break rule gave every contested seat."""
        return len(self.winners) == self.seats

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {
            "units": list(self.units),
            "seats": self.seats,
            "resolved": self.resolved,
            "winners": list(self.winners),
            "rule": self.rule,
        }


@dataclass(frozen=True, repr=False)
class ApportionmentResult(Displayable):
    """Seats per unit, with quotas, ties, exclusions and reserved seats.

    Attributes
    ----------
    names, values
        The units in input order and their population or votes (exact).
    value_label
        ``"population"`` or ``"votes"`` (used in reports and JSON).
    seats
        Seats per unit.  When a tie is unresolved the contested seats are missing here;
        see :attr:`ties` and :attr:`complete`.
    house
        Number of seats apportioned (reserved seats not included).
    method
        Name of the method, e.g. ``"huntington-hill"``.
    quotas
        Standard quota of each unit, ``house * value / total`` over the units that take
        part (those not excluded by a threshold); 0 for excluded units.
    ties
        Ties at the last seat(s), resolved or not.
    excluded
        ``(name, reason)`` for units excluded by a threshold.
    reserved
        ``(name, seats)`` for seats reserved outside the apportionment.
    """

    names: tuple[str, ...]
    values: tuple[Fraction, ...]
    value_label: str
    seats: tuple[int, ...]
    house: int
    method: str
    quotas: tuple[Fraction, ...]
    ties: tuple[Tie, ...] = ()
    excluded: tuple[tuple[str, str], ...] = ()
    reserved: tuple[tuple[str, int], ...] = ()
    tie_break: str | None = None
    notes: tuple[str, ...] = field(default=())

    @property
    def complete(self) -> bool:
        """``True`` when every seat is given (no unresolved tie)."""
        return all(t.resolved for t in self.ties)

    @property
    def unresolved_ties(self) -> tuple[Tie, ...]:
        """Ties for which no tie-break rule decided."""
        return tuple(t for t in self.ties if not t.resolved)

    @property
    def total_seats(self) -> int:
        """Seats in the whole body: apportioned plus reserved."""
        return self.house + sum(s for _, s in self.reserved)

    def seats_by_name(self) -> dict[str, int]:
        """Seats per unit name (apportioned units only)."""
        return dict(zip(self.names, self.seats, strict=True))

    def require_complete(self) -> None:
        """Raise :class:`InvalidInputError` if a tie is unresolved."""
        for tie in self.unresolved_ties:
            raise InvalidInputError(
                f"the last {tie.seats} seat(s) are tied between {', '.join(tie.units)}; "
                "name a tie-break rule (e.g. tie_break='lot' with a seed, or 'larger')"
            )

    def table_data(self) -> TableData:
        """One row per unit: its population or votes, standard quota (exact) and seats."""
        columns: list[tuple[str, Sequence[object]]] = [
            (self.value_label, whole_if_possible(self.values)),
            ("quota", self.quotas),
            ("seats", self.seats),
        ]
        return TableData("unit", self.names, columns)

    def short_summary(self) -> str:
        """``huntington-hill, 435 seats to 50 units; complete``."""
        state = "complete" if self.complete else f"{len(self.unresolved_ties)} unresolved tie(s)"
        return (
            f"{self.method}, {plural(self.house, 'seat')} to {plural(len(self.names), 'unit')}; "
            f"{state}"
        )

    def plot(self, ax: Any = None) -> Any:
        """Each unit's share of the seats beside its share of the quota (its exact
        proportional entitlement), on ``ax`` or a new figure; returns the axes (needs
        matplotlib: ``pip install 'powershare[plots]'``)."""
        house = self.house or 1
        series = [
            ("seats", [s / house for s in self.seats]),
            ("quota", [float(q / house) for q in self.quotas]),
        ]
        return bar_plot(self.names, series, ax, "share of the house (%)")

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form.

        ``quota`` is given both exactly (``quota_exact``, ``"p/q"``) and as a float for
        reading; the float is the only rounded number and is labelled by its key.
        """
        units = []
        for name, value, quota, seats in zip(
            self.names, self.values, self.quotas, self.seats, strict=True
        ):
            units.append(
                {
                    "name": name,
                    self.value_label: format_number(value),
                    "quota": float(quota),
                    "quota_exact": format_fraction(quota),
                    "seats": seats,
                }
            )
        return {
            "units": units,
            "method": self.method,
            "house": self.house,
            "complete": self.complete,
            "ties": [t.to_dict() for t in self.ties],
            "excluded": [{"name": n, "reason": r} for n, r in self.excluded],
            "reserved": [{"name": n, "seats": s} for n, s in self.reserved],
            "tie_break": self.tie_break,
            "total_seats": self.total_seats,
        }


def seats_as_body(result: ApportionmentResult) -> list[tuple[str, int]]:
    """The body built from an apportionment: ``(name, seats)`` for every seat holder.

    Units with seats come first in input order, then reserved seats.  Units with no
    seat are left out (they have no vote in the body).

    Raises
    ------
    InvalidInputError
        If a tie is unresolved (the body is not determined).
    """
    result.require_complete()
    body = [(n, s) for n, s in zip(result.names, result.seats, strict=True) if s > 0]
    body.extend((n, s) for n, s in result.reserved if s > 0)
    return body
