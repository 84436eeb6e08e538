"""The audit's verdict: a few plain sentences a negotiator can read first.

:func:`verdict` says whether power is equally distributed, who holds the most and the least
(ties named as ties), who gains and who loses against population (else against seats), who can
block alone and who never matters, and, with citizen-level power, how far citizens' power
differs. It is computed once here and used by the report's ``verdict`` section and by
``Audit.to_dict()["verdict"]`` (the JSON output).

The function reads an audit through the small protocols below, so that this module does not
import :mod:`powershare.audit.audit` (which offers the verdict as ``Audit.verdict``).

>>> from powershare.audit import audit, load_audit_scenario
>>> print(verdict(audit(load_audit_scenario("eec-1958"), what_ifs=False, curve=False)))
... # doctest: +NORMALIZE_WHITESPACE
Power is not equally distributed: France, Germany and Italy (tied) hold the most power (23.8%
each, with 23.5% of the seats each) and Luxembourg the least (0.0%, with 5.9% of the seats).
Against their seats, Belgium and Netherlands (tied) gain most (1.21 times their seat share in
power) and Luxembourg loses most (0.00 times). No member can block alone; the smallest group
that can block has 2 members. Luxembourg never decides anything (zero power).
"""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction
from typing import Protocol

from powershare.audit.wording import extremes, tied
from powershare.games.numbers import to_float

__all__ = ["verdict"]


class _Member(Protocol):
    @property
    def name(self) -> str: ...
    @property
    def banzhaf(self) -> Fraction: ...
    @property
    def seat_share(self) -> Fraction | None: ...
    @property
    def power_to_seats(self) -> Fraction | None: ...
    @property
    def power_to_population(self) -> Fraction | None: ...


class _Blocking(Protocol):
    @property
    def veto(self) -> tuple[int, ...]: ...
    @property
    def dummies(self) -> tuple[int, ...]: ...
    @property
    def smallest_blocking_size(self) -> int | None: ...
    def named(self, indices: Sequence[int]) -> list[str]: ...


class _CitizenRule(Protocol):
    @property
    def units(self) -> tuple[str, ...]: ...
    @property
    def citizen(self) -> tuple[float, ...]: ...


class AuditLike(Protocol):
    """What :func:`verdict` reads of an :class:`~powershare.audit.audit.Audit`."""

    @property
    def members(self) -> Sequence[_Member]: ...
    @property
    def blocking(self) -> _Blocking: ...
    @property
    def citizen(self) -> Sequence[_CitizenRule] | None: ...


def _pct(value: Fraction | float) -> str:
    return f"{to_float(value) * 100:.1f}%"


def _holds(group: list[_Member], which: str, subject_first: bool) -> str:
    names = tied([m.name for m in group])
    each = " each" if len(group) > 1 else ""
    seats = group[0].seat_share
    with_seats = "" if seats is None else f", with {_pct(seats)} of the seats{each}"
    figure = f"{_pct(group[0].banzhaf)}{each}{with_seats}"
    verb = "hold" if len(group) > 1 else "holds"
    if subject_first:
        return f"{names} {verb} the {which} power ({figure})"
    return f"{names} the {which} ({figure})"


def _gains(members: Sequence[_Member]) -> str | None:
    """Who gains and who loses most against population (if known), else against seats."""
    by_pop = [(m, m.power_to_population) for m in members if m.power_to_population is not None]
    by_seats = [(m, m.power_to_seats) for m in members if m.power_to_seats is not None]
    if len(by_pop) >= 2:
        rows, against, share = by_pop, "Against population", "population share"
    elif len(by_seats) >= 2:
        rows, against, share = by_seats, "Against their seats", "seat share"
    else:
        return None
    hi, lo = extremes(rows, lambda row: row[1] or 0)
    top, low = to_float(hi[0][1] or 0), to_float(lo[0][1] or 0)
    if top - low < 0.01:
        return f"Power follows the {share} closely: no member gains or loses against it."

    def who(group: Sequence[tuple[_Member, Fraction | None]], verb: str) -> str:
        several = len(group) > 1
        return f"{tied([m.name for m, _ in group])} {verb if several else verb + 's'} most"

    their = "their" if len(hi) > 1 else "its"
    return (
        f"{against}, {who(hi, 'gain')} ({top:.2f} times {their} {share} in power) and "
        f"{who(lo, 'lose')} ({low:.2f} times)."
    )


def verdict(a: AuditLike) -> str:
    """The verdict of audit ``a`` in a few plain sentences (see the module docstring)."""
    members = a.members
    hi, lo = extremes(members, lambda m: m.banzhaf)
    out: list[str] = []
    if hi[0].banzhaf == lo[0].banzhaf:
        out.append(
            f"Power is equally distributed: each of the {len(members)} members holds "
            f"{_pct(hi[0].banzhaf)} of the power."
        )
        gains = _gains(members)
        if gains and not gains.startswith("Power follows"):
            out.append(gains)
    else:
        out.append(
            f"Power is not equally distributed: {_holds(hi, 'most', True)} and "
            f"{_holds(lo, 'least', False)}."
        )
        gains = _gains(members)
        if gains:
            out.append(gains)
    b = a.blocking
    veto = b.named(b.veto)
    if veto:
        verb = "can each" if len(veto) > 1 else "can"
        out.append(f"{tied(veto).removesuffix(' (tied)')} {verb} block any decision alone (veto).")
    else:
        smallest = (
            ""
            if b.smallest_blocking_size is None
            else f"; the smallest group that can block has {b.smallest_blocking_size} members"
        )
        out.append(f"No member can block alone{smallest}.")
    dummies = b.named(b.dummies)
    if dummies:
        verb = "never decide" if len(dummies) > 1 else "never decides"
        out.append(f"{tied(dummies).removesuffix(' (tied)')} {verb} anything (zero power).")
    if a.citizen and len(a.citizen) > 1:
        given = a.citizen[1]
        hi_c, lo_c = extremes(list(range(len(given.units))), lambda j: given.citizen[j])
        top, low = given.citizen[hi_c[0]], given.citizen[lo_c[0]]
        if low > 0 and top / low > 1.005:
            out.append(
                f"A citizen of {tied([given.units[j] for j in hi_c])} has {top / low:.2f} times "
                f"the voting power of a citizen of {tied([given.units[j] for j in lo_c])}."
            )
    return " ".join(out)
