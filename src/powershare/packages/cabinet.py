"""Shared cabinets: portfolios allocated among parties by a named method.

Methods
-------
``dhondt`` (and every other divisor method of :mod:`powershare.apportion`, e.g.
``sainte-lague``)
    **Sequential choice**, as in the Northern Ireland Executive (Northern Ireland Act 1998,
    s.18(5): each party's figure is its seats divided by one plus the offices it already
    holds): parties choose one portfolio at a time, in the order in which the divisor method
    gives out seats (O'Leary, Grofman & Elklit 2005, "Divisor methods for sequential portfolio
    allocation in multi-party executive bodies", AJPS 49:198-211).  The order comes from
    :func:`powershare.apportion.get_method` (house sizes 1, 2, ... of the same method); equal
    figures are settled by ``tie_break`` (in Northern Ireland: more first-preference votes
    first) or else by the listed order, and every such tie is reported.
``gamson``
    **Gamson's law** (Gamson 1961, ASR 26:373-382): each coalition party's share of the
    portfolio weight should equal its share of the coalition's seats.
``power``
    In proportion to each party's voting power (the chosen index) in the institution the
    cabinet answers to.

For ``gamson`` and ``power`` the portfolios are handed out one at a time to the party furthest
below its target weight (greedy; ties as above), so that whole portfolios track the target.

Each party picks its most preferred portfolio still free (``preferences``); a party without
(remaining) preferences takes the heaviest free portfolio, the first listed among equals.

Portfolios may carry **weights**: ministries differ in importance, and a party's share of the
portfolio *weight* can differ from its share of the *number* of portfolios (Warwick & Druckman
2006, "The portfolio allocation paradox: an investigation into the nature of a very strong but
puzzling relationship", EJPR 45:635-665, who estimate such weights from expert surveys).
Weights are the user's: none is shipped (the survey weights of Warwick & Druckman are for
fourteen West European countries).  Offices held outside the method (``fixed``: e.g. the
Northern Ireland Justice Minister, elected by cross-community vote) count in the shares but
not in the sequence.

>>> c = Cabinet("Executive", method="dhondt", portfolios=(Portfolio("A"), Portfolio("B"),
...     Portfolio("C")), preferences={"Y": ("B",)})
>>> r = allocate(c, {"X": 5, "Y": 3})
>>> [(p.party, p.portfolio) for p in r.picks]
[('X', 'A'), ('Y', 'B'), ('X', 'C')]
>>> r.count("X"), r.weight_share("Y")
(2, Fraction(1, 3))
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction

from powershare.apportion import DivisorMethod, get_method
from powershare.errors import InvalidInputError

__all__ = [
    "QUOTA_METHODS",
    "Cabinet",
    "CabinetResult",
    "Pick",
    "Portfolio",
    "allocate",
    "pick_order",
]

QUOTA_METHODS = ("gamson", "power")
"""Methods that aim at a target share (the divisor methods give a sequence instead)."""


@dataclass(frozen=True)
class Portfolio:
    """A ministry (or any office) and its weight (default 1)."""

    name: str
    weight: Fraction = Fraction(1)


@dataclass(frozen=True)
class Cabinet:
    """How a cabinet's portfolios are shared.

    Attributes
    ----------
    name
        The cabinet's name.
    method
        ``"dhondt"`` or another divisor method name, ``"gamson"`` or ``"power"``.
    portfolios
        The portfolios allocated by the method.
    preferences
        Each party's order of preference among the portfolios.
    tie_break
        Parties in the order that settles equal figures (e.g. by first-preference votes).
    fixed
        Offices held outside the method, by party.
    parties
        The parties taking part (``None``: every party with seats).
    source_institution
        The institution whose seats the method uses.
    seat_column
        The column of that institution's members holding their seats.
    """

    name: str
    method: str = "dhondt"
    portfolios: tuple[Portfolio, ...] = ()
    preferences: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    tie_break: tuple[str, ...] = ()
    fixed: Mapping[str, tuple[Portfolio, ...]] = field(default_factory=dict)
    parties: tuple[str, ...] | None = None
    source_institution: str | None = None
    seat_column: str = "seats"


@dataclass(frozen=True)
class Pick:
    """One choice of the sequence: ``turn`` (1-based), the party and the portfolio taken."""

    turn: int
    party: str
    portfolio: str
    tied_with: tuple[str, ...] = ()


@dataclass(frozen=True)
class CabinetResult:
    """The allocation: the picks in order, the fixed offices, and the parties' targets.

    ``targets`` are the shares the method aims at (seat share among the participants for the
    divisor methods and Gamson's law, power share for ``power``).  ``ties`` lists, per tied
    turn, the parties that had equal figures and how the tie was settled.
    """

    cabinet: Cabinet
    picks: tuple[Pick, ...]
    parties: tuple[str, ...]
    seats: Mapping[str, int]
    targets: Mapping[str, Fraction]
    ties: tuple[str, ...] = ()

    def _weights(self) -> dict[str, Fraction]:
        return {p.name: p.weight for p in self.cabinet.portfolios}

    def portfolios_of(self, party: str) -> tuple[str, ...]:
        """The portfolios a party holds: fixed offices first, then its picks in order."""
        fixed = tuple(p.name for p in self.cabinet.fixed.get(party, ()))
        return fixed + tuple(p.portfolio for p in self.picks if p.party == party)

    def count(self, party: str) -> int:
        """How many portfolios (fixed offices included) a party holds."""
        return len(self.portfolios_of(party))

    def total_weight(self) -> Fraction:
        """The weight of every portfolio, fixed offices included."""
        fixed = sum(
            (o.weight for offices in self.cabinet.fixed.values() for o in offices), Fraction(0)
        )
        return sum((p.weight for p in self.cabinet.portfolios), Fraction(0)) + fixed

    def weight_of(self, party: str) -> Fraction:
        """The weight of the portfolios a party holds."""
        weights = self._weights()
        fixed = sum((o.weight for o in self.cabinet.fixed.get(party, ())), Fraction(0))
        return fixed + sum(
            (weights[p.portfolio] for p in self.picks if p.party == party), Fraction(0)
        )

    def weight_share(self, party: str) -> Fraction:
        """A party's share of the portfolio weight."""
        total = self.total_weight()
        return self.weight_of(party) / total if total else Fraction(0)

    def holders(self) -> tuple[str, ...]:
        """Parties holding at least one portfolio, in the order of :attr:`parties`."""
        fixed = set(self.cabinet.fixed)
        return tuple(p for p in self.parties if p in fixed or self.count(p) > 0) + tuple(
            p for p in self.cabinet.fixed if p not in self.parties
        )


def pick_order(
    method: str, seats: Mapping[str, int], turns: int, tie_break: Sequence[str] = ()
) -> tuple[list[str], list[tuple[str, ...]]]:
    """The order in which parties choose under a divisor method, and the ties met.

    The method's allocations for 1, 2, ..., ``turns`` seats (divisor methods are house
    monotone, Balinski & Young 1982) give the party of each turn; where the method reports a
    tie at the last seat, the tied party first in ``tie_break`` (else the first listed) takes
    the turn.

    >>> pick_order("dhondt", {"DUP": 36, "SF": 28, "UUP": 18, "SDLP": 16}, 10,
    ...            ["DUP", "SF", "SDLP", "UUP"])[0]
    ['DUP', 'SF', 'DUP', 'UUP', 'SDLP', 'SF', 'DUP', 'SF', 'DUP', 'UUP']
    """
    chosen = get_method(method)
    if not isinstance(chosen, DivisorMethod):
        raise InvalidInputError(
            f"method {method!r} gives no order of choice; sequential choice needs a divisor "
            "method (dhondt, sainte-lague, ...), or use gamson or power"
        )
    names = list(seats)
    values = [int(seats[n]) for n in names]
    if any(v < 0 for v in values) or not any(values):
        raise InvalidInputError("sequential choice needs non-negative seats, not all zero")
    rank = {p: k for k, p in enumerate(tie_break)}
    given = [0] * len(names)
    order: list[str] = []
    ties: list[tuple[str, ...]] = []
    for house in range(1, turns + 1):
        alloc = chosen.allocate(values, house, [0] * len(names), [None] * len(names))
        due = [i for i in range(len(names)) if given[i] < alloc.seats[i]]
        tied: tuple[str, ...] = ()
        if not due:
            due = [i for i in alloc.tied if given[i] < alloc.seats[i] + 1]
            tied = tuple(names[i] for i in due) if len(due) > 1 else ()
        if not due:  # pragma: no cover - a divisor method always gives the next seat
            raise InvalidInputError(f"no party is due the seat at turn {house}")
        winner = min(due, key=lambda i: (rank.get(names[i], len(rank)), i))
        given[winner] += 1
        order.append(names[winner])
        ties.append(tied)
    return order, ties


def _choose(
    party: str, free: list[Portfolio], preferences: Mapping[str, tuple[str, ...]]
) -> Portfolio:
    free_names = {p.name: p for p in free}
    for wanted in preferences.get(party, ()):
        if wanted in free_names:
            return free_names[wanted]
    heaviest = max(p.weight for p in free)
    return next(p for p in free if p.weight == heaviest)


def _quota_order(
    cabinet: Cabinet, targets: Mapping[str, Fraction], parties: Sequence[str]
) -> tuple[list[Pick], list[str]]:
    """Greedy: the party furthest below its target weight takes its next choice."""
    rank = {p: k for k, p in enumerate(cabinet.tie_break)}
    total = sum((p.weight for p in cabinet.portfolios), Fraction(0)) + sum(
        (o.weight for offices in cabinet.fixed.values() for o in offices), Fraction(0)
    )
    held = {p: sum((o.weight for o in cabinet.fixed.get(p, ())), Fraction(0)) for p in parties}
    free = list(cabinet.portfolios)
    picks: list[Pick] = []
    notes: list[str] = []
    for turn in range(1, len(free) + 1):
        deficit = {p: targets[p] * total - held[p] for p in parties}
        best = max(deficit.values())
        due = [p for p in parties if deficit[p] == best]
        winner = min(due, key=lambda p: (rank.get(p, len(rank)), parties.index(p)))
        if len(due) > 1:
            notes.append(_tie_note(turn, due, winner, bool(cabinet.tie_break)))
        portfolio = _choose(winner, free, cabinet.preferences)
        free.remove(portfolio)
        held[winner] += portfolio.weight
        picks.append(Pick(turn, winner, portfolio.name, tuple(due) if len(due) > 1 else ()))
    return picks, notes


def _tie_note(turn: int, tied: Sequence[str], winner: str, by_rule: bool) -> str:
    how = "the tie-break order" if by_rule else "the listed order (no tie-break given)"
    return f"turn {turn}: {', '.join(tied)} tied; {winner} chose first by {how}"


def allocate(
    cabinet: Cabinet, seats: Mapping[str, int], power: Mapping[str, Fraction] | None = None
) -> CabinetResult:
    """Share the cabinet's portfolios among parties with ``seats`` (``power`` for ``"power"``).

    Raises
    ------
    InvalidInputError
        For an unknown method, no seats, a preference naming an unknown portfolio, or
        ``"power"`` without power values.
    """
    parties = [p for p in (cabinet.parties or tuple(seats)) if p in seats]
    if cabinet.parties is not None:
        missing = [p for p in cabinet.parties if p not in seats]
        if missing:
            raise InvalidInputError(
                f"cabinet {cabinet.name!r}: parties {', '.join(missing)} have no seats in "
                f"{cabinet.source_institution or 'the source institution'}"
            )
    known = {p.name for p in cabinet.portfolios}
    for party, wanted in cabinet.preferences.items():
        for w in wanted:
            if w not in known:
                raise InvalidInputError(
                    f"cabinet {cabinet.name!r}: {party} prefers {w!r}, which is not one of its "
                    f"portfolios ({', '.join(sorted(known))})"
                )
    part_seats = {p: int(seats[p]) for p in parties}
    total_seats = sum(part_seats.values())
    if total_seats <= 0:
        raise InvalidInputError(f"cabinet {cabinet.name!r}: the parties taking part hold no seats")
    seat_share = {p: Fraction(s, total_seats) for p, s in part_seats.items()}
    key = cabinet.method.strip().lower()
    if key in QUOTA_METHODS:
        if key == "power":
            if power is None:
                raise InvalidInputError(
                    f"cabinet {cabinet.name!r}: method 'power' needs the parties' power"
                )
            total_power = sum((power.get(p, Fraction(0)) for p in parties), Fraction(0))
            if total_power <= 0:
                raise InvalidInputError(
                    f"cabinet {cabinet.name!r}: the parties taking part have no voting power"
                )
            targets = {p: power.get(p, Fraction(0)) / total_power for p in parties}
        else:
            targets = seat_share
        picks, notes = _quota_order(cabinet, targets, parties)
        return CabinetResult(
            cabinet, tuple(picks), tuple(parties), part_seats, targets, tuple(notes)
        )
    order, ties = pick_order(key, part_seats, len(cabinet.portfolios), cabinet.tie_break)
    free = list(cabinet.portfolios)
    picks = []
    notes = []
    for turn, (party, tied) in enumerate(zip(order, ties, strict=True), start=1):
        portfolio = _choose(party, free, cabinet.preferences)
        free.remove(portfolio)
        picks.append(Pick(turn, party, portfolio.name, tied))
        if tied:
            notes.append(_tie_note(turn, tied, party, bool(cabinet.tie_break)))
    return CabinetResult(
        cabinet, tuple(picks), tuple(parties), part_seats, seat_share, tuple(notes)
    )
