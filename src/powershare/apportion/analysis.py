"""Analysis of apportionments: disproportionality, house-size sweeps and paradoxes.

Indices (shares ``v_i`` of all values and ``s_i`` of all apportioned seats):

* Loosemore-Hanby: ``1/2 * sum |s_i - v_i|`` (Loosemore & Hanby 1971).
* Gallagher least squares: ``sqrt(1/2 * sum (s_i - v_i)**2)`` (Gallagher 1991); given as
  the exact square plus a float root.
* Sainte-Laguë index: ``sum (s_i - v_i)**2 / v_i`` over units with ``v_i > 0``
  (Gallagher 1991; Pukelsheim 2017, §10.4).
* Max/min representation ratio: largest over smallest ``seats_i / value_i`` among units
  with seats (Balinski & Young 1982, App. A, "relative difference").

Paradoxes (Balinski & Young 1982, ch. 5 and App. A):

* **Alabama**: a unit loses a seat when the house grows (values unchanged).
* **Population**: unit A grows faster than unit B (relative growth) yet A loses a seat
  while B gains one.
* **New state**: adding a unit together with the seats it is entitled to changes the
  seats of the units already there.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Iterable, Sized
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from powershare.apportion._values import format_fraction, to_seat_count
from powershare.apportion.api import Apportionment, Units, apportion
from powershare.apportion.result import ApportionmentResult
from powershare.errors import InvalidInputError, ResourceLimitError
from powershare.games.numbers import to_float
from powershare.power.registry import Limits, format_bytes, format_seconds


@dataclass(frozen=True)
class Disproportionality:
    """Deviation of seat shares from value shares.

    Attributes
    ----------
    loosemore_hanby
        Exact, as a share (multiply by 100 for percentage points).
    gallagher_squared
        Exact square of the Gallagher index.
    gallagher
        ``sqrt(gallagher_squared)`` as a float (the only inexact field).
    sainte_lague
        Exact Sainte-Laguë index.
    max_min_ratio
        Exact ratio of the best to the worst represented unit with seats; ``None`` when
        fewer than two units have seats.
    """

    loosemore_hanby: Fraction
    gallagher_squared: Fraction
    gallagher: float
    sainte_lague: Fraction
    max_min_ratio: Fraction | None

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form: exact values as ``"p/q"`` strings, floats labelled."""
        return {
            "loosemore_hanby": _json_float(self.loosemore_hanby),
            "loosemore_hanby_exact": format_fraction(self.loosemore_hanby),
            "gallagher": self.gallagher,
            "gallagher_squared_exact": format_fraction(self.gallagher_squared),
            "sainte_lague": _json_float(self.sainte_lague),
            "sainte_lague_exact": format_fraction(self.sainte_lague),
            "max_min_ratio": None
            if self.max_min_ratio is None
            else _json_float(self.max_min_ratio),
            "max_min_ratio_exact": None
            if self.max_min_ratio is None
            else format_fraction(self.max_min_ratio),
        }


def _json_float(value: Fraction) -> float | None:
    """A float for JSON, or ``None`` beyond the largest float (the ``_exact`` field has it)."""
    as_float = to_float(value)
    return as_float if math.isfinite(as_float) else None


def disproportionality(result: ApportionmentResult) -> Disproportionality:
    """Disproportionality indices of a complete apportionment.

    Value shares are over *all* units (including those excluded by a threshold, as is
    usual for elections); seat shares over the apportioned house (reserved seats are
    outside).

    Raises
    ------
    InvalidInputError
        If a tie is unresolved, the house is 0 or all values are 0.
    """
    result.require_complete()
    total = sum(result.values, Fraction(0))
    house = sum(result.seats)
    if house == 0 or total == 0:
        raise InvalidInputError(
            f"disproportionality needs seats and values (house {house}, total {total}); "
            "allowed: a positive house and at least one positive value"
        )
    lh = Fraction(0)
    sq = Fraction(0)
    sl = Fraction(0)
    for value, seats in zip(result.values, result.seats, strict=True):
        v = value / total
        s = Fraction(seats, house)
        lh += abs(s - v)
        sq += (s - v) ** 2
        if v > 0:
            sl += (s - v) ** 2 / v
    reps = [Fraction(s) / v for v, s in zip(result.values, result.seats, strict=True) if s and v]
    ratio = max(reps) / min(reps) if len(reps) >= 2 else None
    return Disproportionality(lh / 2, sq / 2, math.sqrt(sq / 2), sl, ratio)


@dataclass(frozen=True)
class Sweep:
    """Apportionments of the same units for several house sizes."""

    sizes: tuple[int, ...]
    results: tuple[ApportionmentResult, ...]

    def table(self) -> dict[str, list[int]]:
        """Seats per unit name, one entry per house size."""
        names = self.results[0].names if self.results else ()
        return {n: [r.seats[k] for r in self.results] for k, n in enumerate(names)}


def estimate_sweep(units: int, sizes: int) -> tuple[float, int]:
    """Estimated seconds and bytes of a sweep over ``sizes`` house sizes of ``units`` units.

    Measured on a 2-core machine (about 0.1-0.6 ms per unit and house size, and 200-300 bytes
    per unit and house size kept in the results), with a margin.
    """
    return sizes * (2e-3 + 3e-4 * units), sizes * (2_000 + 400 * units)


def check_sweep(units: int, sizes: int, limits: Limits | None = None) -> None:
    """Refuse, before any work, a sweep whose estimate passes ``limits`` (default
    :class:`~powershare.power.registry.Limits`: ten minutes and 4 GB).

    Raises
    ------
    ResourceLimitError
        Giving the estimate, the limits and what to do instead.
    """
    limits = limits or Limits()
    seconds, bytes_ = estimate_sweep(units, sizes)
    if seconds > limits.max_seconds or bytes_ > limits.max_bytes:
        raise ResourceLimitError(
            f"a sweep over {sizes:,} house sizes of {units:,} units would take about "
            f"{format_seconds(seconds)} and {format_bytes(bytes_)}, over the limits of "
            f"{format_seconds(limits.max_seconds)} and {format_bytes(limits.max_bytes)}; "
            "sweep fewer house sizes or raise the limits (--max-seconds, --max-memory)",
            seconds=seconds,
            bytes_=bytes_,
        )


def house_sweep(
    units: Units,
    sizes: Iterable[int],
    method: str | Any = "huntington-hill",
    *,
    limits: Limits | None = None,
    **options: Any,
) -> Sweep:
    """Apportion the same units for every house size in ``sizes``.

    ``options`` are those of :func:`~powershare.apportion.apportion` (bounds, threshold,
    tie-break...).  The rule is built once and reused.  The work is estimated first
    (:func:`estimate_sweep`) and refused beyond ``limits`` (default: ten minutes and 4 GB).

    Raises
    ------
    ResourceLimitError
        If the sweep would pass the limits (before any house is apportioned).
    """
    if not isinstance(units, Sized):
        units = list(units)
    if isinstance(sizes, Sized):
        check_sweep(len(units), len(sizes), limits)
    sizes_t = tuple(to_seat_count(h, "house size in sweep") for h in sizes)
    check_sweep(len(units), len(sizes_t), limits)
    if not sizes_t:
        raise InvalidInputError("the sweep has no house sizes; allowed: at least one size")
    first = apportion(units, sizes_t[0], method, **options)
    rule = _rule_of(units, sizes_t[0], method, options)
    results = [first]
    pairs = list(zip(first.names, first.values, strict=True))
    results.extend(rule(pairs, h, value_label=first.value_label) for h in sizes_t[1:])
    return Sweep(sizes_t, tuple(results))


def _rule_of(units: Units, house: int, method: Any, options: dict[str, Any]) -> Apportionment:
    """Rebuild the rule that :func:`apportion` used, to reuse across a sweep."""
    from powershare.apportion.api import get_method
    from powershare.apportion.constraints import Constraints, Threshold
    from powershare.apportion.ties import make_tie_break

    opts = dict(options)
    opts.pop("value_label", None)
    has_threshold = (
        opts.get("threshold") is not None
        or opts.get("min_seats_elsewhere") is not None
        or bool(opts.get("exempt", ()))
    )
    constraints = Constraints(
        threshold=Threshold.build(
            opts.get("threshold"),
            opts.get("seats_elsewhere"),
            opts.get("min_seats_elsewhere"),
            opts.get("exempt", ()),
        )
        if has_threshold
        else None,
        min_seats=opts.get("min_seats", 0),
        max_seats=opts.get("max_seats"),
        reserved=dict(opts.get("reserved") or {}),
    )
    return Apportionment(
        get_method(method, opts.get("first_divisor")),
        constraints,
        make_tie_break(opts.get("tie_break"), opts.get("seed")),
    )


@dataclass(frozen=True)
class AlabamaParadox:
    """``unit`` has fewer seats in the larger house ``house_after``."""

    unit: str
    house_before: int
    house_after: int
    seats_before: int
    seats_after: int


def alabama_paradoxes(sweep: Sweep) -> list[AlabamaParadox]:
    """Units that lose seats when the house grows, between consecutive sizes of a sweep.

    Pairs where either result has an unresolved tie are skipped (their seats are not
    determined).
    """
    found: list[AlabamaParadox] = []
    order = sorted(range(len(sweep.sizes)), key=lambda k: sweep.sizes[k])
    for a, b in itertools.pairwise(order):
        ra, rb = sweep.results[a], sweep.results[b]
        if ra.house >= rb.house or not (ra.complete and rb.complete):
            continue
        for name, sa, sb in zip(ra.names, ra.seats, rb.seats, strict=True):
            if sb < sa:
                found.append(AlabamaParadox(name, ra.house, rb.house, sa, sb))
    return found


@dataclass(frozen=True)
class PopulationParadox:
    """``faster`` grew relatively more than ``slower`` but lost a seat while it gained."""

    faster: str
    slower: str
    growth_faster: Fraction
    growth_slower: Fraction
    seats_faster: tuple[int, int]
    seats_slower: tuple[int, int]


def population_paradoxes(
    before: ApportionmentResult, after: ApportionmentResult
) -> list[PopulationParadox]:
    """Population paradoxes between two apportionments of the same house (two censuses).

    Raises
    ------
    InvalidInputError
        If the units or house sizes differ, or a tie is unresolved.
    """
    if before.names != after.names:
        raise InvalidInputError(
            "population paradox needs the same units in the same order in both results; "
            f"got {len(before.names)} and {len(after.names)} units"
        )
    if before.house != after.house:
        raise InvalidInputError(
            f"population paradox compares one house size; got {before.house} and {after.house}"
        )
    before.require_complete()
    after.require_complete()
    growth = [
        (b2 / b1 if b1 > 0 else None) for b1, b2 in zip(before.values, after.values, strict=True)
    ]
    found: list[PopulationParadox] = []
    n = len(before.names)
    for a in range(n):
        ga = growth[a]
        if ga is None or after.seats[a] >= before.seats[a]:
            continue
        for b in range(n):
            gb = growth[b]
            if b == a or gb is None or after.seats[b] <= before.seats[b]:
                continue
            if ga > gb:
                found.append(
                    PopulationParadox(
                        before.names[a],
                        before.names[b],
                        ga,
                        gb,
                        (before.seats[a], after.seats[a]),
                        (before.seats[b], after.seats[b]),
                    )
                )
    return found


@dataclass(frozen=True)
class NewStateParadox:
    """Effect of admitting ``new_unit`` with the ``new_seats`` it is entitled to.

    ``changes`` lists ``(unit, seats_before, seats_after)`` for units whose seats changed;
    the paradox occurred when it is non-empty.
    """

    new_unit: str
    new_seats: int
    house_before: int
    house_after: int
    changes: tuple[tuple[str, int, int], ...]

    @property
    def occurred(self) -> bool:
        """``True`` when an existing unit's seats changed."""
        return bool(self.changes)


def new_state_paradox(
    units: Units,
    seats: int,
    method: str | Any,
    new_unit: tuple[str, object],
    **options: Any,
) -> NewStateParadox:
    """Admit ``new_unit`` with its entitlement and compare the other units' seats.

    The new unit's entitlement is the ``t`` for which it gets exactly ``t`` seats when the
    house grows from ``seats`` to ``seats + t`` (Balinski & Young 1982, ch. 5: Oklahoma,
    1907).  The smallest such ``t`` is used.

    Raises
    ------
    InvalidInputError
        If no such ``t`` exists (possible for non-house-monotone methods) or a tie is
        unresolved.
    """
    base = apportion(units, seats, method, **options)
    base.require_complete()
    pairs = [*zip(base.names, base.values, strict=True), new_unit]
    t = 0
    while True:
        res = apportion(pairs, seats + t, method, **options)
        res.require_complete()
        got = res.seats[-1]
        if got == t:
            break
        if got < t:
            raise InvalidInputError(
                f"no entitlement for new unit {new_unit[0]!r}: with {t - 1} extra seats it gets "
                f"more, with {t} it gets {got}; allowed: a house-monotone method"
            )
        t += 1
    changes = tuple(
        (n, s0, s1)
        for n, s0, s1 in zip(base.names, base.seats, res.seats[:-1], strict=True)
        if s0 != s1
    )
    return NewStateParadox(new_unit[0], t, seats, seats + t, changes)
