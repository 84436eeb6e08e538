"""Largest-remainder (quota) methods: Hare, Droop, Hagenbach-Bischoff, Imperiali.

Each unit first gets ``floor(value / Q)`` seats for a quota ``Q`` computed from the total
``V`` and the house ``h``; the seats left go to the largest remainders
(Balinski & Young 1982, ch. 2 and App. A; Pukelsheim 2017, §3.13 and ch. 5).  Remainders
are compared exactly (as integers ``value mod Q`` scaled by ``Q``'s denominator).

Quotas:

======================  ==========================
Hare (Hamilton)         ``V / h``
Droop                   ``floor(V / (h + 1)) + 1``
Hagenbach-Bischoff      ``V / (h + 1)``
Imperiali               ``V / (h + 2)``
======================  ==========================

With the smaller quotas the full-quota seats can exceed the house; that is reported as
an error naming the method (no seats are taken away silently).

Minimum and maximum seats use fix-and-recompute: a unit below its minimum (or above its
maximum) is fixed there and the rest of the house is apportioned again among the other
units, until no bound is violated.
"""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction

from powershare.apportion.base import Allocation
from powershare.errors import InvalidInputError


class LargestRemainder:
    """Base class; subclasses define :meth:`quota`."""

    name = "largest-remainder"
    exact_house = True
    """Whether the method always fills the house exactly (Imperiali's quota may over-allocate)."""

    def __repr__(self) -> str:
        return f"{type(self).__name__}()"

    def quota(self, total: int, house: int) -> Fraction:
        """The quota (votes per seat) for ``total`` votes and ``house`` seats."""
        raise NotImplementedError

    def allocate(
        self,
        values: Sequence[int],
        house: int,
        lower: Sequence[int],
        upper: Sequence[int | None],
    ) -> Allocation:
        """Apportion ``house`` seats within bounds; report a tie at the last seat(s)."""
        n = len(values)
        # Zero-valued units never win a seat by quota: they stay at their minimum.
        fixed: dict[int, int] = {i: lower[i] for i in range(n) if values[i] == 0}
        while True:
            active = [i for i in range(n) if i not in fixed]
            left = house - sum(fixed.values())
            if not active:
                if left != 0:
                    raise InvalidInputError(
                        f"the seat bounds cannot be met by {self.name}: {left} seat(s) remain "
                        "after every unit was fixed at a bound; allowed: looser minimum or "
                        "maximum seats"
                    )
                return Allocation(tuple(fixed[i] for i in range(n)))
            seats, tied, contested = self._plain([values[i] for i in active], left)
            full = dict(zip(active, seats, strict=True))
            tied_units = {active[k] for k in tied}
            below = [i for i in active if full[i] + (i in tied_units) < lower[i]]
            above = [i for i in active if _over(full[i], upper[i])]
            capped = [i for i in tied_units if _over(full[i] + 1, upper[i])]
            violators = below or above or capped
            if not violators:
                result = [fixed.get(i, full.get(i, 0)) for i in range(n)]
                return Allocation(tuple(result), tuple(sorted(tied_units)), contested)
            for i in violators:
                limit = upper[i]
                if i in below:
                    fixed[i] = lower[i]
                elif limit is not None and full[i] > limit:
                    fixed[i] = limit
                else:
                    fixed[i] = full[i]

    def _plain(self, values: Sequence[int], house: int) -> tuple[list[int], list[int], int]:
        """Unconstrained allocation among ``values``: seats, tied indices, contested."""
        total = sum(values)
        if house == 0 or not values:
            return [0] * len(values), [], 0
        if total == 0:
            raise InvalidInputError(
                f"{house} seat(s) to give but every remaining unit has value 0; allowed: "
                "at least one unit with a positive value"
            )
        q = self.quota(total, house)
        # floor(v / q) and the remainder (v mod q) / q, both exact via integers.
        num, den = q.numerator, q.denominator
        base = [(v * den) // num for v in values]
        rem = [(v * den) % num for v in values]
        left = house - sum(base)
        holders = [i for i, b in enumerate(base) if b > 0]
        if left == -1 and not any(rem):
            # Every value is an exact multiple of the quota (possible with V/(h+1)): the
            # holders claim one seat too many, so one of them must give it up -- a tie.
            for i in holders:
                base[i] -= 1
            if len(holders) == 1:
                return base, [], 0
            return base, holders, len(holders) - 1
        if left < 0:
            raise InvalidInputError(
                f"the {self.name} quota {q} gives {sum(base)} full-quota seats for a house of "
                f"{house}; allowed: a method whose quota does not over-allocate here, such as "
                "hare or droop"
            )
        if left > len(values):
            raise InvalidInputError(
                f"the {self.name} quota {q} leaves {left} seats after full quotas, more than "
                f"the {len(values)} unit(s) that can take a remainder seat (too few votes for "
                f"a house of {house}); allowed: a house of at most the vote total, or hare"
            )
        if left == 0:
            return base, [], 0
        order = sorted(range(len(values)), key=lambda i: (-rem[i], i))
        cut = rem[order[left - 1]]
        above = [i for i in order if rem[i] > cut]
        at_cut = [i for i in order if rem[i] == cut]
        for i in above:
            base[i] += 1
        contested = left - len(above)
        if len(at_cut) == contested:
            for i in at_cut:
                base[i] += 1
            return base, [], 0
        return base, sorted(at_cut), contested


class Hare(LargestRemainder):
    """Hare quota ``V/h`` (Hamilton's method; Balinski & Young 1982, ch. 2)."""

    name = "hare"

    def quota(self, total: int, house: int) -> Fraction:
        return Fraction(total, house)


Hamilton = Hare


class Droop(LargestRemainder):
    """Droop quota ``floor(V/(h+1)) + 1`` (Pukelsheim 2017, §3.13)."""

    name = "droop"

    def quota(self, total: int, house: int) -> Fraction:
        return Fraction(total // (house + 1) + 1)


class HagenbachBischoff(LargestRemainder):
    """Hagenbach-Bischoff quota ``V/(h+1)`` (Pukelsheim 2017, §3.13)."""

    name = "hagenbach-bischoff"

    def quota(self, total: int, house: int) -> Fraction:
        return Fraction(total, house + 1)


class Imperiali(LargestRemainder):
    """Imperiali quota ``V/(h+2)`` (Pukelsheim 2017, §3.13); may over-allocate."""

    name = "imperiali"
    exact_house = False

    def quota(self, total: int, house: int) -> Fraction:
        return Fraction(total, house + 2)


LARGEST_REMAINDER_METHODS: dict[str, type[LargestRemainder]] = {
    "hare": Hare,
    "hamilton": Hare,
    "droop": Droop,
    "hagenbach-bischoff": HagenbachBischoff,
    "imperiali": Imperiali,
}
"""Largest-remainder methods by name (aliases included)."""


def _over(seats: int, upper: int | None) -> bool:
    return upper is not None and seats > upper
