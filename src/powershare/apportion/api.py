"""Apportion seats: method + constraints + tie-break, composed into one call.

:class:`Apportionment` is a configured rule (like votelib's evaluators): a method
object, constraints and an optional tie-break chain.  :func:`apportion` builds one from
plain arguments and applies it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction

from powershare.apportion._values import normalise_units, scale_to_integers, to_seat_count
from powershare.apportion.base import Method
from powershare.apportion.constraints import Constraints, Threshold, check_feasible
from powershare.apportion.divisor import DIVISOR_METHODS, ModifiedSainteLague
from powershare.apportion.largest_remainder import LARGEST_REMAINDER_METHODS
from powershare.apportion.result import ApportionmentResult, Tie
from powershare.apportion.ties import TieBreakRule, make_tie_break, resolve
from powershare.errors import InvalidInputError

METHOD_NAMES: tuple[str, ...] = tuple(sorted({*DIVISOR_METHODS, *LARGEST_REMAINDER_METHODS}))
"""Every method name accepted by :func:`get_method`."""

Units = Mapping[str, object] | Iterable[tuple[str, object]]


def get_method(method: str | Method, first_divisor: object = None) -> Method:
    """Look a method up by name (``"sainte-lague"``, ``"dhondt"``, ``"hare"`` ...).

    Parameters
    ----------
    method
        A name from :data:`METHOD_NAMES` or a method object (returned unchanged).
    first_divisor
        Only for ``"modified-sainte-lague"``: the first divisor (default 1.4).

    Raises
    ------
    InvalidInputError
        For an unknown name, or a first divisor with another method.
    """
    if not isinstance(method, str):
        return method
    key = method.strip().lower().replace("_", "-").replace("'", "").replace(" ", "-")
    if first_divisor is not None and key != "modified-sainte-lague":
        raise InvalidInputError(
            f"a first divisor ({first_divisor}) was given with method {method!r}; allowed: "
            "only with modified-sainte-lague"
        )
    if key == "modified-sainte-lague":
        if first_divisor is None:
            return ModifiedSainteLague()
        return ModifiedSainteLague(first_divisor)
    if key in DIVISOR_METHODS:
        return DIVISOR_METHODS[key]()
    if key in LARGEST_REMAINDER_METHODS:
        return LARGEST_REMAINDER_METHODS[key]()
    raise InvalidInputError(f"unknown method {method!r}; allowed: {', '.join(METHOD_NAMES)}")


@dataclass(frozen=True)
class Apportionment:
    """A configured apportionment rule.

    Parameters
    ----------
    method
        A method object, e.g. :class:`~powershare.apportion.divisor.HuntingtonHill`.
    constraints
        Threshold, seat bounds and reserved seats.
    tie_break
        Rules applied, in order, to ties at the last seat(s); empty means ties are
        reported, never broken.

    Examples
    --------
    >>> from powershare.apportion import Apportionment, Constraints, SainteLague
    >>> rule = Apportionment(SainteLague(), Constraints(min_seats=1))
    >>> rule({"A": 100, "B": 10}, seats=5).seats
    (4, 1)
    """

    method: Method
    constraints: Constraints = field(default_factory=Constraints)
    tie_break: tuple[TieBreakRule, ...] = ()

    def __call__(
        self,
        units: Units,
        seats: object = None,
        *,
        total: object = None,
        value_label: str = "population",
    ) -> ApportionmentResult:
        """Apportion ``seats`` (or ``total`` minus reserved seats) among ``units``."""
        names, values = normalise_units(units)
        reserved = self.constraints.reserved_seats(names)
        house = _house(seats, total, sum(s for _, s in reserved))
        lower, upper = self.constraints.bounds(names)
        threshold = self.constraints.threshold or Threshold()
        eligible, excluded = threshold.apply(names, values)
        check_feasible(names, values, eligible, house, lower, upper)

        idx = [i for i in range(len(names)) if eligible[i]]
        ints = scale_to_integers([values[i] for i in idx])
        alloc = self.method.allocate(ints, house, [lower[i] for i in idx], [upper[i] for i in idx])
        seat_list = [0] * len(names)
        for k, i in enumerate(idx):
            seat_list[i] = alloc.seats[k]
        ties: list[Tie] = []
        if alloc.contested:
            tied = [idx[k] for k in alloc.tied]
            tied_names = tuple(names[i] for i in tied)
            if self.tie_break:
                winners, _still, _left = resolve(
                    tied, alloc.contested, self.tie_break, names, values
                )
                for i in winners:
                    seat_list[i] += 1
                rule = ",".join(r.name for r in self.tie_break)
                ties.append(
                    Tie(tied_names, alloc.contested, tuple(names[i] for i in winners), rule)
                )
            else:
                ties.append(Tie(tied_names, alloc.contested))
        eligible_total = sum((values[i] for i in idx), Fraction(0))
        quotas = tuple(
            house * values[i] / eligible_total if eligible[i] and eligible_total else Fraction(0)
            for i in range(len(names))
        )
        return ApportionmentResult(
            names=names,
            values=values,
            value_label=value_label,
            seats=tuple(seat_list),
            house=house,
            method=self.method.name,
            quotas=quotas,
            ties=tuple(ties),
            excluded=tuple(excluded),
            reserved=tuple(reserved),
            tie_break=",".join(r.name for r in self.tie_break) or None,
        )


def _house(seats: object, total: object, reserved: int) -> int:
    if (seats is None) == (total is None):
        raise InvalidInputError(
            "give exactly one of seats (seats to apportion) and total (whole body including "
            f"reserved seats); got seats={seats!r}, total={total!r}"
        )
    if seats is not None:
        return to_seat_count(seats, "number of seats")
    whole = to_seat_count(total, "total seats")
    if reserved > whole:
        raise InvalidInputError(
            f"reserved seats ({reserved}) exceed the total of {whole}; allowed: a total of at "
            f"least {reserved}"
        )
    return whole - reserved


def apportion(
    units: Units,
    seats: object = None,
    method: str | Method = "sainte-lague",
    *,
    total: object = None,
    min_seats: int | Mapping[str, int] | None = 0,
    max_seats: int | Mapping[str, int] | None = None,
    threshold: object = None,
    seats_elsewhere: Mapping[str, object] | None = None,
    min_seats_elsewhere: object = None,
    exempt: Iterable[str] = (),
    reserved: Mapping[str, int] | None = None,
    tie_break: str | TieBreakRule | Sequence[TieBreakRule] | None = None,
    seed: int | None = None,
    first_divisor: object = None,
    value_label: str = "population",
) -> ApportionmentResult:
    """Apportion seats among units by a named method with constraints.

    Parameters
    ----------
    units
        ``{name: value}`` or ``(name, value)`` pairs; values are populations or votes
        (int, Fraction, Decimal or decimal string; never rounded).
    seats
        Seats to apportion.  Give this or ``total``.
    method
        A name from :data:`METHOD_NAMES` or a method object.
    total
        Seats in the whole body including ``reserved``.
    min_seats, max_seats
        Bounds for every unit (a number) or per unit (a mapping).
    threshold
        Minimum share of all votes, e.g. ``"5%"``.
    seats_elsewhere, min_seats_elsewhere
        Alternative to the threshold: units with at least ``min_seats_elsewhere`` seats won
        elsewhere pass.
    exempt
        Units exempt from the threshold.
    reserved
        Seats outside the apportionment, ``{name: seats}``.
    tie_break
        ``None`` (report ties), a name or comma chain (``"lot"``, ``"larger"``,
        ``"smaller"``, ``"first-listed"``) or rule objects.
    seed
        Seed for ``"lot"``.
    first_divisor
        First divisor of ``"modified-sainte-lague"`` (default 1.4).
    value_label
        ``"population"`` or ``"votes"``, used in reports.

    Returns
    -------
    ApportionmentResult

    Raises
    ------
    InvalidInputError
        For bad input; :class:`~powershare.apportion.constraints.InfeasibleConstraintsError`
        when constraints cannot all hold.

    Examples
    --------
    >>> apportion({"A": 100_000, "B": 80_000, "C": 30_000, "D": 20_000}, 8, "dhondt").seats
    (4, 3, 1, 0)
    """
    if value_label not in ("population", "votes"):
        raise InvalidInputError(f"value_label is {value_label!r}; allowed: 'population' or 'votes'")
    has_threshold = threshold is not None or min_seats_elsewhere is not None or bool(exempt)
    constraints = Constraints(
        threshold=Threshold.build(threshold, seats_elsewhere, min_seats_elsewhere, exempt)
        if has_threshold
        else None,
        min_seats=min_seats,
        max_seats=max_seats,
        reserved=dict(reserved or {}),
    )
    rule = Apportionment(
        get_method(method, first_divisor), constraints, make_tie_break(tie_break, seed)
    )
    return rule(units, seats, total=total, value_label=value_label)
