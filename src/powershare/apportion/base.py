"""The interface every apportionment method implements.

A method takes integer values (already validated and scaled), a house size and per-unit
lower and upper bounds, and returns the seats that are certain plus at most one tie at
the last seat(s).  Thresholds, reserved seats and tie-break rules are handled around it
(see :mod:`powershare.apportion.api`), so a method is a small object with one job.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol


@dataclass(frozen=True)
class Allocation:
    """Raw output of a method.

    Attributes
    ----------
    seats
        Seats that are certain, per unit.
    tied
        Indices of units with equal claim to the ``contested`` remaining seats.
    contested
        Number of seats not in ``seats`` because of the tie (0 when there is none).
    """

    seats: tuple[int, ...]
    tied: tuple[int, ...] = ()
    contested: int = 0


class Method(Protocol):
    """An apportionment method (divisor or largest remainder)."""

    name: str

    def allocate(
        self,
        values: Sequence[int],
        house: int,
        lower: Sequence[int],
        upper: Sequence[int | None],
    ) -> Allocation:
        """Apportion ``house`` seats with ``lower[i] <= seats[i] <= upper[i]``.

        The caller guarantees feasibility: ``sum(lower) <= house`` and the capacity
        (``upper``, or ``lower`` for zero-valued units) is at least ``house``.
        """
        ...
