"""A package's analysis as plain data: the report (JSON-ready), CSV rows, two packages compared.

:func:`package_report` is what the command line prints with ``--json`` and what a report
section can render later: ``parties: [{name, summary, seat_share, population_share, by_area,
by_institution: {institution: {area: share}}, portfolios, by_term}]`` plus the areas,
institutions, cabinets (every pick in order), rotation terms and notes.
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any

from powershare.packages.analysis import PackageResult, areas_of

__all__ = ["compare_rows", "csv_rows", "package_report"]


def _num(value: Fraction | None, exact: bool) -> float | str | None:
    if value is None:
        return None
    if exact:
        return str(value)
    return float(value)


def _portfolios(result: PackageResult, party: str, exact: bool) -> dict[str, Any]:
    out = {}
    for name, cab in result.cabinets.items():
        if party not in cab.parties and party not in cab.cabinet.fixed:
            continue
        out[name] = {
            "portfolios": list(cab.portfolios_of(party)),
            "count": cab.count(party),
            "weight_share": _num(cab.weight_share(party), exact),
            "target_share": _num(cab.targets.get(party), exact),
            "seats": cab.seats.get(party, 0),
        }
    return out


def package_report(
    result: PackageResult, index: str | None = None, *, exact: bool = False
) -> dict[str, Any]:
    """The analysis as JSON-ready data for one index (default: the primary one).

    ``exact=True`` gives fractions as text (``"3/5"``) instead of floats.
    """
    key = result.indices[0] if index is None else index
    pkg = result.package
    summary = result.summary(key)
    seats = result.seat_shares()
    pops = result.population_shares()
    by_inst_seats = result.seat_shares_by_institution()
    parties = []
    for party in result.parties:
        entry: dict[str, Any] = {
            "name": party,
            "summary": _num(summary[party], exact),
            "seat_share": _num(seats[party], exact),
            "population_share": _num(pops[party], exact),
            "by_area": {
                a.name: _num(result.area_power[key][a.name][party], exact) for a in pkg.areas
            },
            "by_institution": {
                inst: {area: _num(v[party], exact) for area, v in per_area.items()}
                for inst, per_area in result.institution_power[key].items()
            },
            "seat_share_by_institution": {
                inst: _num(v[party], exact) for inst, v in by_inst_seats.items()
            },
            "portfolios": _portfolios(result, party, exact),
        }
        if result.term_power:
            entry["by_term"] = {
                area: [_num(t[party], exact) for t in terms]
                for area, terms in result.term_power[key].items()
            }
        parties.append(entry)
    rotating = next((i for i in pkg.institutions if i.rotation), None)
    return {
        "package": pkg.name,
        "description": pkg.description,
        "source": pkg.source,
        "illustrative": pkg.illustrative,
        "caveats": list(pkg.caveats),
        "index": key,
        "indices": list(result.indices),
        "exact": result.exact,
        "methods": list(result.methods),
        "seconds": result.seconds,
        "areas": [
            {
                "name": a.name,
                "institutions": list(a.institutions),
                "require": a.require,
                "salience": _num(a.salience, exact),
            }
            for a in pkg.areas
        ],
        "institutions": [
            {
                "name": i.name,
                "areas": [a.name for a in areas_of(pkg, i.name)],
                "cabinet": i.cabinet,
                "rotation": None
                if i.rotation is None
                else {"holders": list(i.rotation.holders), "column": i.rotation.column},
            }
            for i in pkg.institutions
        ],
        "parties": parties,
        "cabinets": [
            {
                "name": name,
                "method": cab.cabinet.method,
                "from": cab.cabinet.source_institution,
                "picks": [
                    {
                        "turn": p.turn,
                        "party": p.party,
                        "portfolio": p.portfolio,
                        "tied_with": list(p.tied_with),
                    }
                    for p in cab.picks
                ],
                "fixed": {
                    party: [o.name for o in offices] for party, offices in cab.cabinet.fixed.items()
                },
                "ties": list(cab.ties),
            }
            for name, cab in result.cabinets.items()
        ],
        "terms": None
        if rotating is None or rotating.rotation is None
        else [
            {"holder": h, "length": _num(length, exact), "unit": rotating.rotation.unit}
            for h, length in result.terms
        ],
        "notes": list(result.notes),
    }


def csv_rows(result: PackageResult, index: str | None = None) -> list[dict[str, Any]]:
    """One row per party and figure: ``party, kind, institution, area, value`` where ``kind``
    is ``summary``, ``area``, ``institution``, ``seat_share``, ``population_share`` or
    ``portfolio_share`` (exact values as text)."""
    data = package_report(result, index, exact=True)
    rows: list[dict[str, Any]] = []
    for p in data["parties"]:

        def row(kind: str, value: Any, institution: str = "", area: str = "") -> None:
            rows.append(
                {
                    "party": p["name"],  # noqa: B023 - used at once
                    "kind": kind,
                    "institution": institution,
                    "area": area,
                    "value": "" if value is None else value,
                }
            )

        row("summary", p["summary"])
        row("seat_share", p["seat_share"])
        row("population_share", p["population_share"])
        for area, v in p["by_area"].items():
            row("area", v, area=area)
        for inst, per_area in p["by_institution"].items():
            for area, v in per_area.items():
                row("institution", v, inst, area)
        for cab, info in p["portfolios"].items():
            row("portfolio_share", info["weight_share"], cab)
    return rows


def compare_rows(
    first: PackageResult, second: PackageResult, index: str | None = None
) -> list[dict[str, Any]]:
    """Two packages side by side, one row per party of either: summary in each, the
    difference, and each area's power in each (``None`` where a party or area is absent)."""
    a = package_report(first, index, exact=True)
    b = package_report(second, index, exact=True)
    pa = {p["name"]: p for p in a["parties"]}
    pb = {p["name"]: p for p in b["parties"]}
    names = list(pa) + [n for n in pb if n not in pa]
    rows = []
    for name in names:
        sa = pa.get(name, {}).get("summary")
        sb = pb.get(name, {}).get("summary")
        diff = None
        if sa is not None and sb is not None:
            diff = str(Fraction(sb) - Fraction(sa))
        rows.append(
            {
                "party": name,
                "first": sa,
                "second": sb,
                "difference": diff,
                "first_by_area": pa.get(name, {}).get("by_area"),
                "second_by_area": pb.get(name, {}).get("by_area"),
                "first_seat_share": pa.get(name, {}).get("seat_share"),
                "second_seat_share": pb.get(name, {}).get("seat_share"),
            }
        )
    return rows
