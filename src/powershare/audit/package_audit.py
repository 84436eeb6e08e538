"""The audit of a whole settlement (a package of institutions): findings and a verdict.

A package (:mod:`powershare.packages`) is not one body with one rule, so its audit is not the
single-body :class:`~powershare.audit.audit.Audit`: :func:`audit_package` analyses the package
(:func:`powershare.packages.analyse`) and adds what a negotiator reads first, the verdict
(:func:`package_verdict`, in the style of :mod:`powershare.audit.verdict`) and the findings,
and optionally a second package compared side by side.  The report is built from its own
sections (:mod:`powershare.audit.package_sections`) and shown by the same generic renderers
(HTML, Markdown, terminal) as the single-body audit.

Vetoes are read off each issue area's game over the parties: a party can block an area alone
when all the other parties together cannot pass it (in every term of a rotation).

>>> pa = audit_package("northern-ireland-package")
>>> print(pa.verdict)  # doctest: +NORMALIZE_WHITESPACE
Across the package, Sinn Féin holds the most power (46.3% salience-weighted, with 30.0% of the
seats) and TUV and People Before Profit (tied) the least (0.2% each, with 1.1% of the seats
each). Against their seat shares, DUP fares best (1.63 times its seat share in power) and
Alliance worst (0.13 times). Sinn Féin and DUP can each block budget and executive decisions
alone (veto). Alliance and UUP hold 3 of the 10 Executive portfolios but no power in the
Executive's votes.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

from powershare.audit.wording import extremes, join_names, points, tied
from powershare.datasets.package_registry import find_package, package_from_spec
from powershare.games.fileformat import is_existing_path, load_mapping, read_text_file
from powershare.games.numbers import to_float
from powershare.packages import (
    Package,
    PackageResult,
    PartyGame,
    analyse,
    compare_rows,
    is_package,
    package_report,
)
from powershare.power.registry import Limits

__all__ = [
    "PackageAudit",
    "area_vetoes",
    "audit_package",
    "is_package_spec",
    "package_findings",
    "package_verdict",
]


def _pct(value: Fraction | float | None) -> str:
    return "–" if value is None else f"{to_float(value) * 100:.1f}%"


@dataclass(frozen=True)
class PackageAudit:
    """The audit of a package.

    Attributes
    ----------
    name
        What was asked for (a shipped package name or a file).
    result
        The analysis (:class:`~powershare.packages.PackageResult`).
    index
        The index key shown (the primary one of the analysis).
    verdict
        A few plain sentences (:func:`package_verdict`).
    findings
        Sentences with the figures (:func:`package_findings`).
    vetoes
        ``{area: (party, ...)}``: the parties that can block each area alone.
    sources
        ``(file, text)`` of the source notes shipped with the package.
    compare
        A second package's analysis, shown side by side (or ``None``).
    seconds
        Time taken.
    """

    name: str
    result: PackageResult
    index: str
    verdict: str
    findings: tuple[str, ...]
    vetoes: dict[str, tuple[str, ...]]
    sources: tuple[tuple[str, str], ...] = ()
    compare: PackageResult | None = None
    seconds: float = 0.0
    data: dict[str, Any] = field(default_factory=dict, repr=False)

    @property
    def package(self) -> Package:
        """The package audited."""
        return self.result.package

    def report_data(self, *, exact: bool = False) -> dict[str, Any]:
        """:func:`powershare.packages.package_report` of the analysis (``exact``: fractions as
        text)."""
        if not exact and self.data:
            return self.data
        return package_report(self.result, self.index, exact=exact)

    def comparison(self) -> list[dict[str, Any]] | None:
        """The two packages side by side (:func:`powershare.packages.compare_rows`; exact
        values as text), or ``None`` without a second package."""
        if self.compare is None:
            return None
        return compare_rows(self.result, self.compare, self.index)

    def to_dict(self) -> dict[str, Any]:
        """The package report's data (as ``powershare package --json``) with the verdict,
        findings, vetoes, the exact values and, with a second package, the comparison."""
        out: dict[str, Any] = {
            "kind": "package",
            "verdict": self.verdict,
            "findings": list(self.findings),
            **self.report_data(),
            "vetoes": {area: list(who) for area, who in self.vetoes.items()},
            "exact_values": {
                p["name"]: {k: p[k] for k in ("summary", "by_area", "by_institution")}
                for p in self.report_data(exact=True)["parties"]
            },
            "source_notes": [name for name, _ in self.sources],
        }
        rows = self.comparison()
        if rows is not None and self.compare is not None:
            out["comparison"] = {
                "first": self.package.name,
                "second": self.compare.package.name,
                "parties": [
                    {
                        "party": r["party"],
                        "first": _float(r["first"]),
                        "second": _float(r["second"]),
                        "difference": _float(r["difference"]),
                        "first_seat_share": _float(r["first_seat_share"]),
                        "second_seat_share": _float(r["second_seat_share"]),
                    }
                    for r in rows
                ],
            }
        return out


def _float(value: Any) -> float | None:
    return None if value is None else to_float(Fraction(str(value)))


def is_package_spec(spec: str) -> bool:
    """Whether ``spec`` names a shipped package or a YAML/JSON file with a ``package:`` key.

    >>> is_package_spec("bosnia-herzegovina-package"), is_package_spec("eec-1958")
    (True, False)
    """
    if is_existing_path(spec):
        if not str(spec).lower().endswith((".yaml", ".yml", ".json")):
            return False
        text = read_text_file(spec)
        try:
            data = load_mapping(text, source=str(spec), is_json=spec.lower().endswith(".json"))
        except ValueError:
            return False  # not a mapping: the single-body reader says what is wrong
        return is_package(data)
    return find_package(spec) is not None


def _area_game(result: PackageResult, area: str, holder: str | None) -> PartyGame:
    """The game over the parties in which ``area`` passes (with ``holder`` holding the
    rotating office), built as :func:`powershare.packages.analyse` builds it."""
    pkg = result.package
    index = {p: k for k, p in enumerate(pkg.party_names)}
    spec = next(a for a in pkg.areas if a.name == area)
    parts = []
    for name in spec.institutions:
        inst = pkg.institution(name)
        members = [dict(m) for m in result.members_of(inst)]
        if inst.rotation is not None:
            for m in members:
                m[inst.rotation.column] = int(m["party"] == holder)
        parts.append(
            (inst.rule_for(area).build(members), tuple(index[m["party"]] for m in members))
        )
    return PartyGame(pkg.party_names, parts, require=spec.require, labels=spec.institutions)


def area_vetoes(result: PackageResult) -> dict[str, tuple[str, ...]]:
    """The parties that can block each issue area alone: all the other parties together
    cannot pass it (in every term of a rotation). A rule that nobody can pass has no veto
    player.

    >>> from powershare.datasets import load_package
    >>> from powershare.packages import analyse
    >>> area_vetoes(analyse(load_package("northern-ireland-package")))["budget"]
    ('Sinn Féin', 'DUP')
    """
    parties = result.parties
    out: dict[str, tuple[str, ...]] = {}
    for area in result.package.areas:
        games = [_area_game(result, area.name, holder) for holder, _ in result.terms]
        if not all(g.is_winning(list(parties)) for g in games):
            out[area.name] = ()
            continue
        out[area.name] = tuple(
            p
            for p in parties
            if all(not g.is_winning([q for q in parties if q != p]) for g in games)
        )
    return out


def _holders_without_power(result: PackageResult, index: str) -> list[str]:
    """Sentences on cabinet institutions whose portfolio holders have no power in them."""
    out = []
    for inst in result.package.institutions:
        if inst.cabinet is None or inst.cabinet not in result.cabinets:
            continue
        cab = result.cabinets[inst.cabinet]
        per_area = result.institution_power[index].get(inst.name, {})
        if not per_area:
            continue
        powerless = [
            p for p in cab.holders() if all(shares[p] == 0 for shares in per_area.values())
        ]
        if not powerless:
            continue
        held = sum(cab.count(p) for p in powerless)
        total = sum(cab.count(p) for p in cab.holders())
        verb = "hold" if len(powerless) > 1 else "holds"
        out.append(
            f"{join_names(powerless)} {verb} {held} of the {total} {inst.name} portfolios but "
            f"no power in the {inst.name}'s votes."
        )
    return out


def _rotation_sentence(result: PackageResult, index: str) -> str | None:
    rotating = next((i for i in result.package.institutions if i.rotation), None)
    if rotating is None or rotating.rotation is None or not result.term_power:
        return None
    changed = []
    for area, terms in result.term_power[index].items():
        if any(t != terms[0] for t in terms[1:]):
            changed.append(area)
    office = f"the rotating {rotating.rotation.column} of the {rotating.name}"
    if not changed:
        return f"{office[0].upper()}{office[1:]} changes nothing a priori."
    return f"{office[0].upper()}{office[1:]} changes power in {join_names(changed)}."


def package_verdict(result: PackageResult, vetoes: dict[str, tuple[str, ...]]) -> str:
    """The verdict on a package in a few plain sentences: who holds the most and the least
    power across the package (salience-weighted summary) beside their seats, who fares best
    and worst against their seat shares, who can block which areas alone, who holds
    portfolios without power, and whether a rotating office changes anything."""
    index = result.indices[0]
    summary = result.summary(index)
    seats = result.seat_shares()
    rows = [(p, v) for p, v in summary.items() if v is not None]
    out: list[str] = []
    if not rows:
        return "No party cares about any issue area (every salience is 0): nothing to weigh."
    hi, lo = extremes(rows, lambda r: r[1])

    def holds(group: Sequence[tuple[str, Fraction | None]], which: str, first: bool) -> str:
        names = tied([p for p, _ in group])
        each = " each" if len(group) > 1 else ""
        share = seats.get(group[0][0])
        with_seats = "" if not share else f", with {_pct(share)} of the seats{each}"
        if first:
            verb = "hold" if len(group) > 1 else "holds"
            figure = f"{_pct(group[0][1])} salience-weighted{with_seats}"
            return f"{names} {verb} the {which} power ({figure})"
        return f"{names} the {which} ({_pct(group[0][1])}{each}{with_seats})"

    if hi[0][1] == lo[0][1]:
        out.append(
            f"Across the package, power is equally distributed: each of the {len(rows)} parties "
            f"holds {_pct(hi[0][1])} (salience-weighted)."
        )
    else:
        out.append(
            f"Across the package, {holds(hi, 'most', True)} and {holds(lo, 'least', False)}."
        )
    ratios = [(p, v / s) for p, v in rows if (s := seats.get(p)) is not None and s > 0]
    if len(ratios) >= 2:
        best, worst = extremes(ratios, lambda r: r[1])
        if to_float(best[0][1] - worst[0][1]) >= 0.01:
            their = "their" if len(best) > 1 else "its"
            out.append(
                f"Against their seat shares, {tied([p for p, _ in best])} fare"
                f"{'' if len(best) > 1 else 's'} best ({to_float(best[0][1]):.2f} times "
                f"{their} seat "
                f"share in power) and {tied([p for p, _ in worst])} worst "
                f"({to_float(worst[0][1]):.2f} times)."
            )
    by_parties: dict[tuple[str, ...], list[str]] = {}
    for area, who in vetoes.items():
        if who:
            by_parties.setdefault(who, []).append(area)
    for who, areas in by_parties.items():
        if len(who) == len(result.parties):
            out.append(
                f"Each of the {len(who)} parties can block {join_names(areas)} alone (veto)."
            )
            continue
        verb = "can each block" if len(who) > 1 else "can block"
        out.append(f"{join_names(list(who))} {verb} {join_names(areas)} alone (veto).")
    if not by_parties:
        out.append("No party can block any issue area alone.")
    out += _holders_without_power(result, index)
    rotation = _rotation_sentence(result, index)
    if rotation:
        out.append(rotation)
    return " ".join(out)


def package_findings(result: PackageResult, vetoes: dict[str, tuple[str, ...]]) -> list[str]:
    """Sentences with the figures: per issue area who holds the most power, the largest gaps
    between power and seats, cabinet ties, and parties with no power anywhere."""
    index = result.indices[0]
    seats = result.seat_shares()
    out: list[str] = []
    for area in result.package.areas:
        shares = result.area_power[index][area.name]
        hi, _ = extremes(list(shares.items()), lambda r: r[1])
        each = " each" if len(hi) > 1 else ""
        route = (
            " or ".join(area.institutions)
            if area.require == "any"
            else " + ".join(area.institutions)
        )
        out.append(
            f"{area.name} ({route}): {tied([p for p, _ in hi])} most powerful "
            f"({_pct(hi[0][1])}{each})"
            + (f"; vetoes: {join_names(list(vetoes[area.name]))}" if vetoes.get(area.name) else "")
            + "."
        )
    summary = result.summary(index)
    gaps = [
        (p, v - s) for p, v in summary.items() if v is not None and (s := seats.get(p)) is not None
    ]
    if gaps:
        up, down = extremes(gaps, lambda r: r[1])
        if up[0][1] > 0:
            out.append(
                f"Largest gain over the seat share: {tied([p for p, _ in up])}, "
                f"{points(up[0][1], 1)} more power than seats."
            )
        if down[0][1] < 0:
            out.append(
                f"Largest loss against the seat share: {tied([p for p, _ in down])}, "
                f"{points(down[0][1], 1)} less power than seats."
            )
    nowhere = [
        p
        for p in result.parties
        if all(result.area_power[index][a.name][p] == 0 for a in result.package.areas)
    ]
    if nowhere:
        verb = "have" if len(nowhere) > 1 else "has"
        out.append(f"{join_names(nowhere)} {verb} no power in any issue area.")
    out += [f"Cabinet: {n}" for n in result.notes if "tie" in n.lower()]
    return out


def audit_package(
    package: str | Package | PackageResult,
    *,
    index: str = "banzhaf",
    compare: str | Package | PackageResult | None = None,
    limits: Limits | None = None,
) -> PackageAudit:
    """Audit a package: a shipped name, a package file, a :class:`Package` or its analysis.

    ``compare`` (the same kinds) adds a second package side by side.  ``limits`` bound every
    game counted (see :func:`powershare.packages.analyse`).
    """
    start = time.perf_counter()
    name = package if isinstance(package, str) else ""
    result = _analysed(package, index, limits)
    other = None if compare is None else _analysed(compare, index, limits)
    info = find_package(package) if isinstance(package, str) else None
    sources = (
        () if info is None else tuple((f, text) for f, text in info.sources() if f.endswith(".md"))
    )
    vetoes = area_vetoes(result)
    key = result.indices[0]
    return PackageAudit(
        name=name or result.package.name,
        result=result,
        index=key,
        verdict=package_verdict(result, vetoes),
        findings=tuple(package_findings(result, vetoes)),
        vetoes=vetoes,
        sources=sources,
        compare=other,
        seconds=time.perf_counter() - start,
        data=package_report(result, key),
    )


def _analysed(
    package: str | Package | PackageResult, index: str, limits: Limits | None
) -> PackageResult:
    if isinstance(package, PackageResult):
        return package
    if isinstance(package, str):
        package = package_from_spec(package)
    return analyse(package, index, limits=limits)
