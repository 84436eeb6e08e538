"""Legal constraints around an apportionment: thresholds, seat bounds, reserved seats.

* A **threshold** excludes units below a share of all votes, unless they won enough seats
  elsewhere (e.g. Germany: 5 % or three constituency seats; New Zealand: 5 % or one
  electorate seat) or are exempt (e.g. the SSW as a national-minority party).
* **Minimum and maximum seats** per unit (e.g. at least one seat per U.S. state, at least
  two per Afghan province).  Divisor methods honour them exactly as min/max-restricted
  divisor methods (Pukelsheim 2017, ch. 7).
* **Reserved seats** are outside the apportionment (e.g. the 10 Kuchi seats of the
  Wolesi Jirga); with a fixed total, the apportioned house is the total minus them.

Infeasible combinations raise :class:`InfeasibleConstraintsError`, naming the constraint.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction

from powershare.apportion._values import format_fraction, parse_share, to_seat_count
from powershare.errors import InvalidInputError


class InfeasibleConstraintsError(InvalidInputError):
    """The constraints cannot all hold; the message says which and why."""


SeatBound = int | Mapping[str, int] | None


@dataclass(frozen=True)
class Threshold:
    """A legal threshold.

    Parameters
    ----------
    share
        Minimum share of all votes (``"5%"``, ``0.05`` as Decimal/str, ``Fraction(1, 20)``),
        or ``None`` for no share test.
    seats_elsewhere
        Seats each unit won elsewhere (e.g. constituency seats).
    min_seats_elsewhere
        A unit with at least this many seats elsewhere passes regardless of its share.
    exempt
        Names that always pass.
    """

    share: Fraction | None = None
    seats_elsewhere: Mapping[str, int] = field(default_factory=dict)
    min_seats_elsewhere: int | None = None
    exempt: frozenset[str] = frozenset()

    @classmethod
    def build(
        cls,
        share: object = None,
        seats_elsewhere: Mapping[str, object] | None = None,
        min_seats_elsewhere: object = None,
        exempt: Iterable[str] = (),
    ) -> Threshold:
        """Validate raw user values and build a threshold."""
        parsed = None if share is None else parse_share(share)
        elsewhere = {
            str(k): to_seat_count(v, f"seats won elsewhere by {k!r}")
            for k, v in (seats_elsewhere or {}).items()
        }
        minimum = (
            None
            if min_seats_elsewhere is None
            else to_seat_count(min_seats_elsewhere, "seats needed elsewhere")
        )
        if elsewhere and minimum is None:
            raise InvalidInputError(
                "seats won elsewhere were given without the number needed to pass the "
                "threshold; allowed: also give min_seats_elsewhere (e.g. 3 in Germany)"
            )
        return cls(parsed, elsewhere, minimum, frozenset(exempt))

    def describe(self) -> str:
        """Short text such as ``"5% or 3 seats elsewhere"``."""
        parts = []
        if self.share is not None:
            pct = self.share * 100
            parts.append(f"{format_fraction(pct)}%")
        if self.min_seats_elsewhere is not None:
            parts.append(f"{self.min_seats_elsewhere} seat(s) elsewhere")
        return " or ".join(parts) or "none"

    def apply(
        self, names: Sequence[str], values: Sequence[Fraction]
    ) -> tuple[list[bool], list[tuple[str, str]]]:
        """Which units pass, and ``(name, reason)`` for those that do not."""
        known = set(names)
        for name in list(self.exempt) + list(self.seats_elsewhere):
            if name not in known:
                raise InvalidInputError(
                    f"threshold names unit {name!r}, which is not among the units; allowed: "
                    f"{', '.join(names)}"
                )
        total = sum(values, Fraction(0))
        passes: list[bool] = []
        excluded: list[tuple[str, str]] = []
        for name, value in zip(names, values, strict=True):
            ok = name in self.exempt
            if not ok and self.share is not None and total > 0:
                ok = value >= self.share * total
            if self.share is None and self.min_seats_elsewhere is None:
                ok = True
            if not ok and self.min_seats_elsewhere is not None:
                ok = self.seats_elsewhere.get(name, 0) >= self.min_seats_elsewhere
            passes.append(ok)
            if not ok:
                share = value / total * 100 if total else Fraction(0)
                excluded.append(
                    (name, f"below threshold {self.describe()} (share {float(share):.3f}%)")
                )
        return passes, excluded


@dataclass(frozen=True)
class Constraints:
    """All constraints of an apportionment (each optional).

    Parameters
    ----------
    threshold
        A :class:`Threshold`, or ``None``.
    min_seats, max_seats
        A number for every unit, or a mapping ``name -> seats`` (units not named get 0 /
        no maximum).
    reserved
        Seats outside the apportionment, ``name -> seats``.
    """

    threshold: Threshold | None = None
    min_seats: SeatBound = 0
    max_seats: SeatBound = None
    reserved: Mapping[str, int] = field(default_factory=dict)

    def bounds(self, names: Sequence[str]) -> tuple[list[int], list[int | None]]:
        """Per-unit lower and upper bounds, validated."""
        lower = _expand(self.min_seats, names, "minimum seats", 0)
        upper_raw = _expand(self.max_seats, names, "maximum seats", None)
        lower_int = [0 if v is None else v for v in lower]
        for name, lo, hi in zip(names, lower_int, upper_raw, strict=True):
            if hi is not None and lo > hi:
                raise InfeasibleConstraintsError(
                    f"unit {name!r} has minimum {lo} seats above its maximum {hi}; allowed: "
                    "minimum <= maximum"
                )
        return lower_int, upper_raw

    def reserved_seats(self, names: Sequence[str]) -> list[tuple[str, int]]:
        """Validated reserved seats in the given order."""
        out = []
        for name, seats in self.reserved.items():
            if name in names:
                raise InvalidInputError(
                    f"reserved seats holder {name!r} is also an apportioned unit; allowed: a "
                    "name not among the units (to guarantee a unit seats, use min_seats)"
                )
            out.append((name, to_seat_count(seats, f"reserved seats of {name!r}")))
        return out


def _expand(
    bound: SeatBound, names: Sequence[str], what: str, default: int | None
) -> list[int | None]:
    if bound is None:
        return [default] * len(names)
    if isinstance(bound, Mapping):
        unknown = [k for k in bound if k not in names]
        if unknown:
            raise InvalidInputError(
                f"{what} given for {unknown[0]!r}, which is not among the units; allowed: "
                f"{', '.join(names)}"
            )
        return [
            to_seat_count(bound[n], f"{what} of {n!r}") if n in bound else default for n in names
        ]
    value = to_seat_count(bound, what)
    return [value] * len(names)


def check_feasible(
    names: Sequence[str],
    values: Sequence[Fraction],
    eligible: Sequence[bool],
    house: int,
    lower: Sequence[int],
    upper: Sequence[int | None],
) -> None:
    """Raise :class:`InfeasibleConstraintsError` unless the house can be filled.

    Checked: somebody passes the threshold, the minima fit into the house, and the maxima
    (with zero-valued units held at their minimum) can take the whole house.
    """
    idx = [i for i in range(len(names)) if eligible[i]]
    if house > 0 and not idx:
        raise InfeasibleConstraintsError(
            f"the threshold excludes every unit, so none of the {house} seats can be given; "
            "allowed: a threshold that at least one unit passes"
        )
    need = sum(lower[i] for i in idx)
    if need > house:
        raise InfeasibleConstraintsError(
            f"the minimum seats add up to {need} for {len(idx)} unit(s), more than the house "
            f"of {house}; allowed: a house of at least {need} or smaller minima"
        )
    capacity = 0
    for i in idx:
        limit = lower[i] if values[i] == 0 else upper[i]
        if limit is None:
            return
        capacity += limit
    if capacity < house:
        zero = [names[i] for i in idx if values[i] == 0]
        extra = f" (units with value 0 get only their minimum: {', '.join(zero)})" if zero else ""
        raise InfeasibleConstraintsError(
            f"the maximum seats allow at most {capacity} seats, fewer than the house of "
            f"{house}{extra}; allowed: a house of at most {capacity} or larger maxima"
        )
