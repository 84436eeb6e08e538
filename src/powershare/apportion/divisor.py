"""Divisor (highest averages) methods, computed exactly.

A divisor method gives the next seat to the unit with the largest ratio
``value / d(s)``, where ``s`` is the unit's current seats and ``d`` the method's divisor
sequence (Balinski & Young 1982, ch. 6 and Appendix A; Pukelsheim 2017, ch. 3-4).
Ratios are compared by integer cross-multiplication, never as floats.  Huntington-Hill's
divisor ``sqrt(s(s+1))`` is irrational, so it compares ``value**2 / (s(s+1))`` (squaring
is monotone on positive numbers); Dean's harmonic mean ``2s(s+1)/(2s+1)`` is a Fraction.

Bounds are built in: the allocation starts at each unit's minimum and never passes its
maximum, which is the min/max-restricted divisor method of Pukelsheim (2017, §4.9 and
ch. 7).  To stay fast for large houses the allocation jumps to a provable lower bound
before stepping (the "jump-and-step" procedure, Pukelsheim 2017, §4.6).

References
----------
Balinski, M. L., & Young, H. P. (1982). *Fair Representation: Meeting the Ideal of One
Man, One Vote*. Yale University Press.
Pukelsheim, F. (2017). *Proportional Representation: Apportionment Methods and Their
Applications*, 2nd ed. Springer.
"""

from __future__ import annotations

import heapq
from collections.abc import Callable, Sequence
from fractions import Fraction

from powershare.apportion._values import to_fraction
from powershare.apportion.base import Allocation
from powershare.errors import InvalidInputError

Key = tuple[int, int]
"""A priority ``num/den`` (``den == 0`` means infinite), monotone in ``value / d(s)``."""


class _Priority:
    """Heap entry ordering priorities from highest to lowest, then by unit index."""

    __slots__ = ("den", "index", "num")

    def __init__(self, num: int, den: int, index: int) -> None:
        self.num = num
        self.den = den
        self.index = index

    def __lt__(self, other: _Priority) -> bool:
        cmp = compare(self.num, self.den, other.num, other.den)
        if cmp != 0:
            return cmp > 0
        return self.index < other.index


def compare(a_num: int, a_den: int, b_num: int, b_den: int) -> int:
    """Exact three-way comparison of ``a_num/a_den`` and ``b_num/b_den`` (den 0 = +inf)."""
    if a_den == 0 or b_den == 0:
        return (a_den == 0) - (b_den == 0)
    left = a_num * b_den
    right = b_num * a_den
    return (left > right) - (left < right)


class DivisorMethod:
    """Base class: a divisor method defined by its priority key.

    Subclasses implement :meth:`key`, returning ``(num, den)`` with ``num/den`` an
    increasing function of ``value / d(seats)`` that is the same for every unit.

    Attributes
    ----------
    name
        Method name used in results and on the command line.
    bounded
        ``True`` when ``s <= d(s) <= s + 1`` (after a common scaling) for every ``s``; this
        allows the jump to a lower bound before stepping.
    """

    name: str = "divisor"
    bounded: bool = True

    def key(self, value: int, seats: int) -> Key:
        """Priority of ``value`` for its ``seats + 1``-th seat."""
        raise NotImplementedError

    def _key(self, value: int, seats: int) -> Key:
        if value == 0:
            return (0, 1)
        return self.key(value, seats)

    def __repr__(self) -> str:
        return f"{type(self).__name__}()"

    def allocate(
        self,
        values: Sequence[int],
        house: int,
        lower: Sequence[int],
        upper: Sequence[int | None],
    ) -> Allocation:
        """Apportion ``house`` seats within bounds; report a tie at the last seat(s)."""
        n = len(values)
        cap = [lower[i] if values[i] == 0 else upper[i] for i in range(n)]
        seats = list(lower)
        free = house - sum(seats)
        if free > 0 and self.bounded:
            seats = self._jump(values, house, lower, cap)
            free = house - sum(seats)
        heap = [
            _Priority(*self._key(values[i], seats[i]), i)
            for i in range(n)
            if cap[i] is None or seats[i] < cap[i]  # type: ignore[operator]
        ]
        heapq.heapify(heap)
        while free > 0:
            top = heap[0]
            i = top.index
            seats[i] += 1
            free -= 1
            limit = cap[i]
            if limit is not None and seats[i] >= limit:
                heapq.heappop(heap)
            else:
                top.num, top.den = self._key(values[i], seats[i])
                heapq.heapreplace(heap, top)
        return self._find_tie(values, seats, lower, cap)

    def _jump(
        self,
        values: Sequence[int],
        house: int,
        lower: Sequence[int],
        cap: Sequence[int | None],
    ) -> list[int]:
        """A lower bound on every unit's seats (Pukelsheim 2017, §4.6).

        With ``s <= d(s) <= s + 1`` and final divisor ``D``, every unit not held at its
        minimum has ``v/D - 1 <= seats <= v/D + 1``; summing gives ``V/D >= h - sum(min) - n``
        and so ``seats >= ceil(v (h - sum(min) - n) / V) - 1``.
        """
        total = sum(values)
        spare = house - sum(lower) - len(values)
        seats = list(lower)
        if total == 0 or spare <= 0:
            return seats
        for i, v in enumerate(values):
            bound = -((-v * spare) // total) - 1
            limit = cap[i]
            if limit is not None:
                bound = min(bound, limit)
            if bound > seats[i]:
                seats[i] = bound
        return seats

    def _find_tie(
        self,
        values: Sequence[int],
        seats: list[int],
        lower: Sequence[int],
        cap: Sequence[int | None],
    ) -> Allocation:
        """Detect equal priorities at the cut between the last seat given and the next."""
        last: dict[int, Key] = {}
        nxt: dict[int, Key] = {}
        for i, v in enumerate(values):
            if seats[i] > lower[i] and v > 0:
                last[i] = self._key(v, seats[i] - 1)
            limit = cap[i]
            if limit is None or seats[i] < limit:
                nxt[i] = self._key(v, seats[i])
        if not last or not nxt:
            return Allocation(tuple(seats))
        low = min(last.values(), key=_sort_key)
        high = max(nxt.values(), key=_sort_key)
        if compare(*low, *high) != 0:
            return Allocation(tuple(seats))
        holders = [i for i, k in last.items() if compare(*k, *low) == 0]
        wanting = [i for i, k in nxt.items() if compare(*k, *low) == 0]
        tied = sorted(set(holders) | set(wanting))
        if len(tied) <= len(holders):
            return Allocation(tuple(seats))
        for i in holders:
            seats[i] -= 1
        return Allocation(tuple(seats), tuple(tied), len(holders))


class _SortKey:
    __slots__ = ("key",)

    def __init__(self, key: Key) -> None:
        self.key = key

    def __lt__(self, other: _SortKey) -> bool:
        return compare(*self.key, *other.key) < 0


def _sort_key(key: Key) -> _SortKey:
    return _SortKey(key)


class DHondt(DivisorMethod):
    """D'Hondt / Jefferson: divisors 1, 2, 3, ... (rounding down).

    Favours larger units; satisfies lower quota (Balinski & Young 1982, Prop. 6.3;
    Pukelsheim 2017, §3.7).
    """

    name = "dhondt"

    def key(self, value: int, seats: int) -> Key:
        return (value, seats + 1)


Jefferson = DHondt


class SainteLague(DivisorMethod):
    """Sainte-Laguë / Webster: divisors 1, 3, 5, ... (standard rounding).

    Unbiased between large and small units (Balinski & Young 1982, ch. 9;
    Pukelsheim 2017, §3.10).
    """

    name = "sainte-lague"

    def key(self, value: int, seats: int) -> Key:
        return (2 * value, 2 * seats + 1)


Webster = SainteLague


class ModifiedSainteLague(DivisorMethod):
    """Sainte-Laguë with a larger first divisor: ``first``, 3, 5, 7, ...

    Norway and Sweden use ``first = 1.4`` (Sweden 1.2 since 2018) to make the first seat
    harder to win (Pukelsheim 2017, §3.12).

    Parameters
    ----------
    first
        The first divisor on the odd-number scale (1 gives plain Sainte-Laguë); must lie
        in ``(0, 3)``.
    """

    name = "modified-sainte-lague"

    def __init__(self, first: object = Fraction(7, 5)) -> None:
        f = to_fraction(first, "first divisor of modified Sainte-Laguë")
        if not 0 < f < 3:
            raise InvalidInputError(
                f"first divisor of modified Sainte-Laguë is {first}; allowed: above 0 and "
                "below 3 (the next divisor), e.g. 1.4"
            )
        self.first = f
        self.bounded = f <= 2

    def __repr__(self) -> str:
        return f"ModifiedSainteLague(first={self.first})"

    def key(self, value: int, seats: int) -> Key:
        if seats == 0:
            return (value * self.first.denominator, self.first.numerator)
        return (value, 2 * seats + 1)


class HuntingtonHill(DivisorMethod):
    """Huntington-Hill / equal proportions: divisor ``sqrt(s(s+1))`` (geometric mean).

    Used for the U.S. House since 1941 (2 U.S.C. §2a).  Compared exactly as
    ``value**2 / (s(s+1))``; ``d(0) = 0`` so every unit with a positive value gets a seat
    before any gets a second (Balinski & Young 1982, ch. 6 and App. A;
    Pukelsheim 2017, §3.11).
    """

    name = "huntington-hill"

    def key(self, value: int, seats: int) -> Key:
        return (value * value, seats * (seats + 1))


EqualProportions = HuntingtonHill


class Adams(DivisorMethod):
    """Adams (smallest divisors): divisors 0, 1, 2, ... (rounding up).

    Favours smaller units; satisfies upper quota (Balinski & Young 1982, ch. 6).
    """

    name = "adams"

    def key(self, value: int, seats: int) -> Key:
        return (value, seats)


class Dean(DivisorMethod):
    """Dean (harmonic mean): divisor ``2s(s+1)/(2s+1)``, exactly as a Fraction.

    (Balinski & Young 1982, ch. 6 and App. A.)
    """

    name = "dean"

    def key(self, value: int, seats: int) -> Key:
        return (value * (2 * seats + 1), 2 * seats * (seats + 1))


class Danish(DivisorMethod):
    """Danish method: divisors 1/3, 4/3, 7/3, ... i.e. 1, 4, 7, ... (Pukelsheim 2017, §3.12)."""

    name = "danish"

    def key(self, value: int, seats: int) -> Key:
        return (3 * value, 3 * seats + 1)


class CustomDivisor(DivisorMethod):
    """A divisor method with a user-given divisor sequence ``d(0), d(1), ...``.

    Parameters
    ----------
    divisors
        A finite sequence of divisors, or a callable ``s -> d(s)``; values exact (int,
        Fraction, Decimal or decimal string), ``d(0) >= 0``, ``d(s) > 0`` for ``s >= 1`` and
        strictly increasing.  A finite sequence must be long enough for every seat.
    name
        Name used in results.
    """

    bounded = False

    def __init__(
        self,
        divisors: Sequence[object] | Callable[[int], object],
        name: str = "custom-divisor",
    ) -> None:
        self.name = name
        self._fn: Callable[[int], object] | None = None
        self._seq: list[Fraction] = []
        if callable(divisors):
            self._fn = divisors
        else:
            seq = [to_fraction(d, f"divisor d({k})") for k, d in enumerate(divisors)]
            if not seq:
                raise InvalidInputError("the divisor sequence is empty; allowed: d(0), d(1), ...")
            for k, d in enumerate(seq):
                self._check(k, d, seq[k - 1] if k else None)
            self._seq = seq
        self._cache: dict[int, Fraction] = {}

    @staticmethod
    def _check(k: int, d: Fraction, prev: Fraction | None) -> None:
        if d < 0 or (k > 0 and d == 0):
            raise InvalidInputError(
                f"divisor d({k}) is {d}; allowed: d(0) >= 0 and d(s) > 0 for s >= 1"
            )
        if prev is not None and d <= prev:
            raise InvalidInputError(
                f"divisor d({k}) = {d} is not larger than d({k - 1}) = {prev}; "
                "allowed: a strictly increasing sequence"
            )

    def divisor(self, seats: int) -> Fraction:
        """The divisor ``d(seats)``."""
        if self._fn is None:
            if seats >= len(self._seq):
                raise InvalidInputError(
                    f"the divisor sequence has {len(self._seq)} entries but seat {seats + 1} "
                    f"of a unit needs d({seats}); allowed: a sequence at least as long as the "
                    "largest seat count, or a callable"
                )
            return self._seq[seats]
        if seats not in self._cache:
            d = to_fraction(self._fn(seats), f"divisor d({seats})")
            prev = self.divisor(seats - 1) if seats > 0 else None
            self._check(seats, d, prev)
            self._cache[seats] = d
        return self._cache[seats]

    def key(self, value: int, seats: int) -> Key:
        d = self.divisor(seats)
        return (value * d.denominator, d.numerator)


DIVISOR_METHODS: dict[str, type[DivisorMethod]] = {
    "dhondt": DHondt,
    "jefferson": DHondt,
    "sainte-lague": SainteLague,
    "webster": SainteLague,
    "modified-sainte-lague": ModifiedSainteLague,
    "huntington-hill": HuntingtonHill,
    "equal-proportions": HuntingtonHill,
    "adams": Adams,
    "dean": Dean,
    "danish": Danish,
}
"""Divisor methods by name (aliases included)."""
