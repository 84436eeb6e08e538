"""The power-sharing audit: is power in this arrangement equally distributed and
decentralised, and if not, who gains and who loses?

:func:`audit` runs every section on an :class:`~powershare.audit.scenario.AuditScenario` and
returns an :class:`Audit` with every figure (exact :class:`~fractions.Fraction` where the library
computes exactly; floats labelled where not) and plain-language findings:

1. power per member under normalised Banzhaf, Shapley-Shubik and absolute Banzhaf (Penrose)
   beside seat and population shares, with ratios (:mod:`powershare.power`);
2. equality and concentration (:mod:`powershare.audit.metrics`);
3. who can block alone or with whom, the smallest winning coalitions
   (:mod:`powershare.audit.blocking`);
4. sensitivity: the quota curve and what-ifs (:mod:`powershare.audit.sensitivity`,
   :mod:`powershare.audit.whatif`; weighted rules);
5. decentralisation: citizen-level power in the two-tier system, against a centralised vote
   and square-root weights (:mod:`powershare.audit.citizen`; when populations are
   head-counts);
6. the same body under comparison rules, and blocs.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field, replace
from fractions import Fraction
from typing import Any

from powershare.audit.blocking import Blocking, blocking_summary
from powershare.audit.citizen import CitizenRule, compare_centralisation
from powershare.audit.metrics import (
    Concentration,
    concentration,
    euclidean_distance,
    total_variation,
)
from powershare.audit.scenario import AuditScenario
from powershare.audit.sensitivity import PowerByQuota, power_by_quota
from powershare.audit.verdict import verdict as _verdict
from powershare.audit.whatif import WhatIfTable, what_if
from powershare.audit.wording import extremes, points, tied
from powershare.errors import ResourceLimitError
from powershare.games.base import SimpleGame
from powershare.games.display import rows_table, to_dataframe
from powershare.games.numbers import format_fraction, to_float
from powershare.games.weighted import WeightedGame
from powershare.power import PowerTable, bloc_game, power, power_table
from powershare.power.methods import equivalent_game
from powershare.power.registry import Limits

__all__ = ["INDICES", "Audit", "BlocRow", "Comparison", "MemberRow", "audit"]

INDICES = ("banzhaf", "shapley", "banzhaf_absolute")
"""Indices of the audit: normalised Banzhaf, Shapley-Shubik, absolute Banzhaf (Penrose)."""


def _f(value: Fraction | None) -> float | None:
    return None if value is None else to_float(value)


def _t(value: Fraction | None) -> str | None:
    return None if value is None else format_fraction(value)


def pct(value: Fraction | float | None, digits: int = 1) -> str:
    """A share as a percentage text (``"12.3%"``), or ``"-"``."""
    return "-" if value is None else f"{to_float(value) * 100:.{digits}f}%"


@dataclass(frozen=True)
class MemberRow:
    """One member: seats, population and power, with ratios.

    ``power_to_seats`` is the Banzhaf share divided by the seat share; ``power_to_population``
    the Banzhaf share divided by the population share (``> 1``: more power than people).
    """

    name: str
    seats: int | None
    seat_share: Fraction | None
    population: Fraction | None
    population_share: Fraction | None
    banzhaf: Fraction
    shapley: Fraction
    banzhaf_absolute: Fraction
    power_to_seats: Fraction | None
    power_to_population: Fraction | None

    def to_dict(self) -> dict[str, Any]:
        """Floats with ``*_exact`` text."""
        out: dict[str, Any] = {
            "name": self.name,
            "seats": self.seats,
            "population": _f(self.population),
        }
        for key in (
            "seat_share", "population_share", "banzhaf", "shapley", "banzhaf_absolute",
            "power_to_seats", "power_to_population",
        ):  # fmt: skip
            value: Fraction | None = getattr(self, key)
            out[key] = _f(value)
            out[f"{key}_exact"] = _t(value)
        return out


@dataclass(frozen=True)
class Comparison:
    """The same body under another rule."""

    label: str
    rule: str
    banzhaf: tuple[Fraction, ...]
    concentration: Concentration
    blocking: Blocking

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready."""
        return {
            "label": self.label,
            "rule": self.rule,
            "banzhaf": [to_float(v) for v in self.banzhaf],
            "banzhaf_exact": [format_fraction(v) for v in self.banzhaf],
            "concentration": self.concentration.to_dict(),
            "blocking": self.blocking.to_dict(),
        }


@dataclass(frozen=True)
class BlocRow:
    """A bloc of members: their summed power, and the bloc's power if it voted as one."""

    name: str
    members: tuple[str, ...]
    seat_share: Fraction | None
    summed_banzhaf: Fraction
    united_banzhaf: Fraction

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready."""
        return {
            "name": self.name,
            "members": list(self.members),
            "seat_share": _f(self.seat_share),
            "summed_banzhaf": to_float(self.summed_banzhaf),
            "united_banzhaf": to_float(self.united_banzhaf),
            "united_banzhaf_exact": format_fraction(self.united_banzhaf),
        }


@dataclass(frozen=True)
class Audit:
    """Every figure of an audit (see :func:`audit`).

    Attributes
    ----------
    scenario
        What was audited.
    table
        The power table (exact).
    members
        One row per member.
    concentration
        ``"banzhaf"``, ``"shapley"``, ``"seats"`` (if known), ``"population"`` (if known).
    blocking
        Veto players, blocking pairs, dummies, smallest winning/blocking coalitions.
    comparisons
        The same body under the scenario's comparison rules.
    quota_curve, what_if
        Sensitivity (weighted rules only; ``None`` otherwise, with a note).
    citizen
        Citizen power under the centralised, given, one-unit-one-vote and square-root rules
        (``None`` without head-count populations).
    blocs
        Bloc rows, when the scenario has blocs.
    veto_threshold
        For weighted rules: the lowest quota at which some member could block alone.
    findings
        Plain-language sentences with the main figures.
    notes
        What was approximated, sampled or left out, and why.
    seconds
        Time per section.
    """

    scenario: AuditScenario
    table: PowerTable
    members: tuple[MemberRow, ...]
    concentration: dict[str, Concentration]
    blocking: Blocking
    comparisons: tuple[Comparison, ...]
    quota_curve: PowerByQuota | None
    what_if: WhatIfTable | None
    citizen: tuple[CitizenRule, ...] | None
    blocs: tuple[BlocRow, ...] | None
    veto_threshold: tuple[int, str] | None
    findings: tuple[str, ...]
    notes: tuple[str, ...]
    seconds: dict[str, float] = field(default_factory=dict)

    @property
    def names(self) -> tuple[str, ...]:
        """Member names."""
        return self.scenario.game.names

    @property
    def verdict(self) -> str:
        """The verdict in a few plain sentences (:func:`powershare.audit.verdict.verdict`)."""
        return _verdict(self)

    def to_pandas(self) -> Any:
        """The member table as a :class:`pandas.DataFrame`: one row per member, seats, shares,
        Banzhaf, Shapley-Shubik, Penrose and the ratios, exact (``Fraction`` columns, each
        followed by ``<column>_float``); needs the optional ``pandas``."""
        return to_dataframe(rows_table(self.members))

    def to_dict(self) -> dict[str, Any]:
        """Every figure as JSON-ready data (floats, with exact values as ``"p/q"`` text)."""
        sc = self.scenario
        game = sc.game
        return {
            "name": sc.name,
            "title": sc.title,
            "illustrative": sc.illustrative,
            "rule": game.describe(),
            "notation": game.notation() if isinstance(game, WeightedGame) else None,
            "members_count": game.n,
            "population_label": sc.population_label if sc.populations is not None else None,
            "indices": list(INDICES),
            "exact": self.table.is_exact,
            "method": self.table.method,
            "verdict": self.verdict,
            "findings": list(self.findings),
            "caveats": list(sc.caveats),
            "notes": list(self.notes),
            "members": [m.to_dict() for m in self.members],
            "concentration": {k: c.to_dict() for k, c in self.concentration.items()},
            "blocking": self.blocking.to_dict(),
            "veto_threshold": None
            if self.veto_threshold is None
            else {"quota": self.veto_threshold[0], "member": self.veto_threshold[1]},
            "comparisons": [c.to_dict() for c in self.comparisons],
            "quota_curve": None if self.quota_curve is None else self.quota_curve.to_dict(),
            "what_if": None if self.what_if is None else self.what_if.to_dict(),
            "citizen": None if self.citizen is None else [r.to_dict() for r in self.citizen],
            "blocs": None if self.blocs is None else [b.to_dict() for b in self.blocs],
            "sources": [name for name, _ in sc.sources],
            "seconds": dict(self.seconds),
        }


def _shares(values: list[Fraction | None]) -> list[Fraction | None]:
    total = sum((v for v in values if v is not None), Fraction(0))
    return [None if v is None or total == 0 else v / total for v in values]


def _members(sc: AuditScenario, table: PowerTable) -> tuple[MemberRow, ...]:
    game = sc.game
    exact = {k: r.exact or tuple(map(Fraction, r.floats)) for k, r in table.results.items()}
    seat_shares: list[Fraction | None] = (
        [None] * game.n if sc.seats is None else _shares([Fraction(s) for s in sc.seats])
    )
    pops: list[Fraction | None] = (
        [None] * game.n
        if sc.populations is None
        else [None if p is None else Fraction(p) for p in sc.populations]
    )
    pop_shares = _shares(pops)
    rows = []
    for i, name in enumerate(game.names):
        b = exact["banzhaf"][i]
        s, p = seat_shares[i], pop_shares[i]
        rows.append(
            MemberRow(
                name=name,
                seats=None if sc.seats is None else sc.seats[i],
                seat_share=s,
                population=pops[i],
                population_share=p,
                banzhaf=b,
                shapley=exact["shapley"][i],
                banzhaf_absolute=exact["banzhaf_absolute"][i],
                power_to_seats=None if not s else b / s,
                power_to_population=None if not p else b / p,
            )
        )
    return tuple(rows)


def _concentrations(sc: AuditScenario, members: tuple[MemberRow, ...]) -> dict[str, Concentration]:
    known = [i for i, m in enumerate(members) if m.population is not None]
    all_pops = len(known) == len(members)
    pops = [m.population for m in members] if all_pops else None
    out = {
        "banzhaf": concentration("Banzhaf power", [m.banzhaf for m in members], pops),  # type: ignore[arg-type]
        "shapley": concentration("Shapley-Shubik power", [m.shapley for m in members], pops),  # type: ignore[arg-type]
    }
    if sc.seats is not None:
        out["seats"] = concentration("seats", list(sc.seats), pops)  # type: ignore[arg-type]
    if pops is not None:
        out["population"] = concentration("population", pops)  # type: ignore[arg-type]
    elif len(known) >= 2:  # distance over the members with a population figure
        sub = [members[i] for i in known]
        sub_pops = [m.population for m in sub]
        for key in ("banzhaf", "shapley"):
            values = [getattr(m, key) for m in sub]
            out[key] = replace(
                out[key],
                distance_population=total_variation(values, sub_pops),  # type: ignore[arg-type]
                euclidean_population=euclidean_distance(values, sub_pops),  # type: ignore[arg-type]
            )
    return out


def _veto_threshold(game: SimpleGame) -> tuple[int, str] | None:
    if not isinstance(game, WeightedGame) or game.n < 2:
        return None
    i = max(range(game.n), key=lambda j: game.weights[j])
    return game.total_weight - game.weights[i] + 1, game.names[i]


def _comparison(label: str, rule: SimpleGame, pops: list[Fraction] | None) -> Comparison:
    res = power(rule, "banzhaf")
    values = res.exact or tuple(map(Fraction, res.floats))
    dummies = [i for i, v in enumerate(values) if v == 0]
    return Comparison(
        label=label,
        rule=rule.describe(),
        banzhaf=values,
        concentration=concentration(f"Banzhaf power ({label})", values, pops),
        blocking=blocking_summary(rule, dummies=dummies),
    )


def _blocs(sc: AuditScenario, members: tuple[MemberRow, ...]) -> tuple[BlocRow, ...] | None:
    if not sc.blocs:
        return None
    game = sc.game
    spec = {name: list(group) for name, group in sc.blocs.items()}
    covered = {m for group in spec.values() for m in group}
    for name in game.names:  # members outside every bloc stand alone
        if name not in covered:
            spec[name] = [name]
    united = power(bloc_game(game, spec), "banzhaf")
    united_values = dict(
        zip(united.names, united.exact or map(Fraction, united.floats), strict=True)
    )
    by_name = {m.name: m for m in members}
    rows = []
    for name, group in sc.blocs.items():
        seat_shares = [by_name[m].seat_share for m in group]
        rows.append(
            BlocRow(
                name=name,
                members=tuple(group),
                seat_share=None
                if any(s is None for s in seat_shares)
                else sum((s for s in seat_shares if s is not None), Fraction(0)),
                summed_banzhaf=sum((by_name[m].banzhaf for m in group), Fraction(0)),
                united_banzhaf=united_values[name],
            )
        )
    return tuple(rows)


def _name_share(rows: tuple[MemberRow, ...], i: int) -> str:
    m = rows[i]
    seats = f"{pct(m.seat_share)} of the seats and " if m.seat_share is not None else ""
    return f"{m.name} ({seats}{pct(m.banzhaf)} of the Banzhaf power)"


def _who(rows: tuple[MemberRow, ...], group: list[int]) -> str:
    if len(group) == 1:
        return f"member is {_name_share(rows, group[0])}"
    shares = _name_share(rows, group[0]).split(" (", 1)[1].removesuffix(")")
    return f"are {tied([rows[i].name for i in group])}, each with {shares}"


def _findings(a: Audit) -> tuple[str, ...]:
    rows, out = a.members, []
    game = a.scenario.game
    top, low = extremes(range(len(rows)), lambda i: rows[i].banzhaf)
    out.append(f"The most powerful {_who(rows, top)}; the least powerful {_who(rows, low)}.")
    cb = a.concentration["banzhaf"]
    ratio = cb.max_min_ratio
    seats_c = a.concentration.get("seats")
    seat_ratio = "" if seats_c is None or seats_c.max_min_ratio is None else (
        f" (seat ratio {to_float(seats_c.max_min_ratio):.1f})")  # fmt: skip
    if ratio is not None:
        out.append(f"Largest to smallest Banzhaf power: {to_float(ratio):.2f} to 1{seat_ratio}.")
    gini_seats = "" if seats_c is None else f" (Gini of seats {to_float(seats_c.gini):.3f})"
    out.append(
        f"Gini of Banzhaf power {to_float(cb.gini):.3f}{gini_seats}; effective number of powerful "
        f"members {to_float(cb.effective_number):.1f} of {game.n} (Laakso-Taagepera); "
        f"{pct(cb.distance_equal)} of power would have to move to reach equal power"
        + (
            f" and {pct(cb.distance_population)} to reach population-proportional power."
            if cb.distance_population is not None
            else "."
        )
    )
    b = a.blocking
    veto = ", ".join(b.named(b.veto)) or "no member"
    dummies = ", ".join(b.named(b.dummies)) or "no member"
    smallest = (
        f"; the smallest winning coalitions have {b.smallest_winning_size} members"
        + ("" if b.smallest_winning_count is None else f" ({b.smallest_winning_count:,} of them)")
        if b.smallest_winning_size
        else ""
    )
    out.append(f"Veto (can block alone): {veto}. Never decisive: {dummies}{smallest}.")
    if a.veto_threshold is not None and not b.veto and isinstance(game, WeightedGame):
        q, who = a.veto_threshold
        out.append(
            f"From a quota of {q} of {game.total_weight} ({pct(Fraction(q, game.total_weight))}) "
            f"upward, {who} alone could block every decision."
        )
    with_pop = [r for r in rows if r.power_to_population is not None]
    if with_pop:
        over = max(with_pop, key=lambda r: r.power_to_population or 0)
        under = min(with_pop, key=lambda r: r.power_to_population or 0)
        out.append(
            f"Relative to population share, {over.name} is the most over-represented in power "
            f"(power/population {to_float(over.power_to_population or 0):.2f}) and {under.name} "
            f"the most under-represented ({to_float(under.power_to_population or 0):.2f})."
        )
    if a.citizen:
        given = a.citizen[1]
        order = sorted(range(len(given.units)), key=lambda j: given.citizen[j])
        lo_j, hi_j = order[0], order[-1]
        central, penrose = a.citizen[0], a.citizen[-1]
        ratio_txt = "-" if given.max_min_ratio is None else f"{given.max_min_ratio:.2f}"
        out.append(
            f"Citizen power (two-tier, Penrose measure): a citizen of {given.units[hi_j]} has "
            f"{ratio_txt} times the power of a citizen of {given.units[lo_j]}; Gini over "
            f"citizens {given.gini:.3f}, against {central.gini:.3f} for one national vote and "
            f"{penrose.gini:.3f} under square-root weights with the Jagiellonian quota "
            "(approximate, floating point)."
        )
    for c in a.comparisons:
        v = ", ".join(c.blocking.named(c.blocking.veto)) or "no member"
        out.append(
            f"Under {c.label} ({c.rule}): Gini of Banzhaf power "
            f"{to_float(c.concentration.gini):.3f}, "
            f"effective number {to_float(c.concentration.effective_number):.1f}; veto: {v}."
        )
    if a.what_if is not None:
        merges = [r for r in a.what_if.rows if r.kind == "merge"]
        if merges:
            best = max(merges, key=lambda r: max(r.delta[k] for k in r.delta if "+" in k))
            key = next(k for k in best.delta if "+" in k)
            out.append(
                f"Of the merges computed, {best.label} gains most: together "
                f"{points(best.delta[key])} more Banzhaf power than apart."
            )
    return tuple(out)


def audit(
    scenario: AuditScenario,
    *,
    quota_points: int = 126,
    what_ifs: bool = True,
    curve: bool = True,
    citizens: bool = True,
    limits: Limits | None = None,
) -> Audit:
    """Run the power-sharing audit of ``scenario``.

    Parameters
    ----------
    scenario
        The body, its rule, and what is known (seats, populations, blocs, comparisons).
    quota_points
        Most quotas on the quota curve (larger ranges are sampled; the curve says so).
    what_ifs, curve, citizens
        Switch sections off (e.g. for speed).
    limits
        Time and memory for the whole audit (default :class:`~powershare.power.Limits`): the
        power table is refused up front past them (``ResourceLimitError``); the quota curve
        and the what-ifs get what is left and are left out, with a note, when it is not
        enough.

    Returns
    -------
    Audit
        Every figure; :meth:`Audit.to_dict` for JSON, and the reports in
        :mod:`powershare.audit.report_markdown` and :mod:`powershare.audit.report_html`.

    Examples
    --------
    >>> from powershare.audit.scenario import AuditScenario
    >>> from powershare.games.weighted import WeightedGame
    >>> eec = WeightedGame(12, [4, 4, 4, 2, 2, 1], ["FR", "DE", "IT", "BE", "NL", "LU"])
    >>> a = audit(AuditScenario("eec", "EEC 1958", eec))
    >>> a.blocking.named(a.blocking.dummies)
    ['LU']
    """
    sc = scenario
    game = sc.game
    seconds: dict[str, float] = {}
    notes: list[str] = list(sc.notes)

    limits = limits or Limits()
    deadline = time.perf_counter() + limits.max_seconds

    def left() -> Limits:
        return Limits(max(deadline - time.perf_counter(), 1e-9), limits.max_bytes)

    start = time.perf_counter()
    table = power_table(game, list(INDICES), limits=limits)
    members = _members(sc, table)
    seconds["power"] = time.perf_counter() - start

    start = time.perf_counter()
    conc = _concentrations(sc, members)
    if sc.populations is not None and "population" not in conc:
        missing = [m.name for m in members if m.population is None]
        notes.append(
            f"no population figure for {', '.join(missing)}: distances from "
            "population-proportional power are over the other members, with their power "
            "renormalised among them"
        )
    seconds["equality"] = time.perf_counter() - start

    start = time.perf_counter()
    dummies = [i for i, m in enumerate(members) if m.banzhaf == 0]
    # the same game with the smallest equivalent weights: counts of members, not of weight
    blocking = blocking_summary(
        equivalent_game(game) if isinstance(game, WeightedGame) else game, dummies=dummies
    )
    known = [m.population for m in members]
    pops = None if any(p is None for p in known) else [p for p in known if p is not None]
    comparisons = tuple(_comparison(label, rule, pops) for label, rule in sc.comparisons)
    seconds["blocking"] = time.perf_counter() - start

    start = time.perf_counter()
    curve_result: PowerByQuota | None = None
    table_what_if: WhatIfTable | None = None
    if isinstance(game, WeightedGame):
        if curve:
            try:
                curve_result = power_by_quota(
                    game, max_points=quota_points, max_seconds=left().max_seconds
                )
                notes.append(f"quota curve: {curve_result.note()}")
            except ResourceLimitError as exc:
                notes.append(f"quota curve left out: {exc}")
        if what_ifs:
            try:
                table_what_if = what_if(game, limits=left())
            except ResourceLimitError as exc:
                notes.append(f"what-ifs left out: {exc}")
    else:
        notes.append(
            "quota curve and what-ifs are computed for single-quota (weighted) rules; this rule "
            "is compound"
        )
    seconds["sensitivity"] = time.perf_counter() - start

    start = time.perf_counter()
    citizen: tuple[CitizenRule, ...] | None = None
    if citizens and sc.units and sc.populations is not None:
        if sc.populations_are_counts:
            counts: list[int | None] = [None if p is None else int(p) for p in sc.populations]
            citizen = tuple(compare_centralisation(game, counts))
        else:
            notes.append(
                "citizen-level power needs head-counts; the populations given are shares, so "
                "the decentralisation section is left out"
            )
    seconds["citizen"] = time.perf_counter() - start

    start = time.perf_counter()
    blocs = _blocs(sc, members)
    seconds["blocs"] = time.perf_counter() - start

    result = Audit(
        scenario=sc,
        table=table,
        members=members,
        concentration=conc,
        blocking=blocking,
        comparisons=comparisons,
        quota_curve=curve_result,
        what_if=table_what_if,
        citizen=citizen,
        blocs=blocs,
        veto_threshold=_veto_threshold(game),
        findings=(),
        notes=tuple(notes),
        seconds=seconds,
    )
    return replace(result, findings=_findings(result))
