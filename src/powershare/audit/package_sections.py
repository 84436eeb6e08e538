"""The package audit's report sections, as data, and the HTML and Markdown reports of a package.

The single-body report's sections live in :mod:`powershare.audit.sections`; a package audit
(:class:`~powershare.audit.package_audit.PackageAudit`) has its own registry here,
:data:`PACKAGE_REGISTRY`, filled by :func:`package_section` in report order.  **Adding a
section of the package report touches this file only**: a function from the package audit to
its blocks (or ``None``), decorated with ``@package_section("anchor", "Heading")``.  The
blocks are those of :mod:`powershare.audit.report_model`; the HTML, Markdown and terminal
renderers are the single-body audit's, and the glossary and sources sections reuse its
helpers (:func:`~powershare.audit.sections.glossary_blocks`,
:func:`~powershare.audit.sections.source_blocks`).

>>> from powershare.audit.package_audit import audit_package
>>> pa = audit_package("northern-ireland-package")
>>> [s.anchor for s in build_package_sections(pa)][:5]
['verdict', 'findings', 'caveats', 'package', 'summary']
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Collection, Sequence
from fractions import Fraction
from functools import partial
from typing import Any

from powershare import __version__
from powershare.audit.package_audit import PackageAudit
from powershare.audit.palette import OKABE_ITO, QUANTITY
from powershare.audit.plots import Series, dots_svg, small_multiples_svg
from powershare.audit.report_html import render_html
from powershare.audit.report_markdown import render_markdown
from powershare.audit.report_model import (
    Block,
    Bullets,
    Figure,
    Note,
    Paragraph,
    Report,
    Section,
    Table,
)
from powershare.audit.sections import (
    SectionSpec,
    glossary_blocks,
    register_section,
    sections_of,
    source_blocks,
)
from powershare.games.numbers import to_float

__all__ = [
    "PACKAGE_METHOD_TEXT",
    "PACKAGE_REGISTRY",
    "build_package_report",
    "build_package_sections",
    "institution_plot_svg",
    "package_html",
    "package_markdown",
    "package_section",
    "summary_plot_svg",
]

PACKAGE_REGISTRY: list[SectionSpec[PackageAudit]] = []
"""Every section of the package report, in report order (filled by :func:`package_section`)."""


PackageBlocks = Callable[[PackageAudit], Sequence[Block] | None]


def package_section(anchor: str, heading: str) -> Callable[[PackageBlocks], PackageBlocks]:
    """Register the decorated function as the package report's section ``anchor``."""
    return register_section(PACKAGE_REGISTRY, anchor, heading)


def build_package_sections(
    pa: PackageAudit, *, exclude: Collection[str] = ()
) -> tuple[Section, ...]:
    """Every package section with something to say about ``pa``, in order."""
    return sections_of(PACKAGE_REGISTRY, pa, exclude=exclude)


def build_package_report(pa: PackageAudit, *, exclude: Collection[str] = ()) -> Report:
    """The whole package report as data (rendered by the single-body audit's renderers)."""
    pkg = pa.package
    return Report(
        title=f"Power-sharing audit of a package: {pkg.name}",
        intro=f"{len(pkg.parties)} parties, {len(pkg.institutions)} institutions "
        f"({', '.join(i.name for i in pkg.institutions)}), {len(pkg.areas)} issue areas. "
        f"Index: {_index_label(pa)}. Report of {datetime.date.today().isoformat()}, "
        f"powershare {__version__}.",
        sections=build_package_sections(pa, exclude=exclude),
        banner="ILLUSTRATIVE PACKAGE: not a real or proposed settlement. See the caveats."
        if pkg.illustrative
        else None,
    )


def package_html(pa: PackageAudit, *, with_plots: bool = True) -> str:
    """The package report as one self-contained HTML document."""
    return render_html(build_package_report(pa), with_plots=with_plots)


def package_markdown(pa: PackageAudit) -> str:
    """The package report as Markdown (figures left out; the tables carry their numbers)."""
    return render_markdown(build_package_report(pa))


PACKAGE_METHOD_TEXT = (
    "Parties are the players across the package's institutions: a party's members vote "
    "together. A party's power in an issue area is its power (normalised Banzhaf unless another "
    "index was asked for) in the game in which the area's decision passes: every institution "
    "the area needs must pass (or, for alternative routes, any one of them). Its power in one "
    "institution is its power under that institution's rule alone. The package summary is the "
    "salience-weighted mean of a party's power over the areas it cares about, "
    "sum s(p,a) power(p,a) / sum s(p,a). Cabinets are allocated by the file's method (d'Hondt "
    "or Sainte-Laguë sequential choice, Gamson's law, or in proportion to power); an "
    "institution made of a cabinet has the parties holding portfolios as members. A rotating "
    "office gives one game per term; power is averaged over the cycle in proportion to the "
    "terms' lengths. A party can block an area alone (veto) when all the other parties "
    "together cannot pass it, in every term. Values are exact fractions rounded for display."
)


_METHODS = {
    "dhondt": "d'Hondt sequential choice",
    "sainte-lague": "Sainte-Laguë sequential choice",
    "gamson": "Gamson's law",
    "power": "voting power",
}


def _pct(value: Any) -> str:
    if value is None:
        return "–"
    x = to_float(Fraction(value)) if isinstance(value, str) else to_float(value)
    return f"{100 * x:.1f}%"


def _index_label(pa: PackageAudit) -> str:
    return {"banzhaf": "Banzhaf", "shapley": "Shapley-Shubik"}.get(pa.index, pa.index)


def _parties(pa: PackageAudit) -> list[dict[str, Any]]:
    """The parties' report entries, most powerful (package summary) first."""
    parties = pa.report_data()["parties"]
    return sorted(parties, key=lambda p: -(p["summary"] if p["summary"] is not None else -1))


def _institution_areas(pa: PackageAudit) -> list[tuple[str, list[str]]]:
    data = pa.report_data()
    return [(i["name"], list(i["areas"])) for i in data["institutions"] if i["areas"]]


def _area_colours(pa: PackageAudit) -> dict[str, str]:
    order = ("blue", "vermillion", "reddish purple", "sky blue", "orange", "black")
    colours = [OKABE_ITO[c] for c in order]
    return {a.name: colours[k % len(colours)] for k, a in enumerate(pa.package.areas)}


def institution_plot_svg(pa: PackageAudit, prefix: str = "package") -> str:
    """Each party's power per institution: one panel per institution, one row per party
    (most powerful across the package on top), one marker per issue area the institution
    decides, and the party's seat share in the institution (a green bar)."""
    parties = _parties(pa)
    colours = _area_colours(pa)
    panels: list[tuple[str, Sequence[Series]]] = []
    for inst, areas in _institution_areas(pa):
        # every area in every panel (None where the institution does not decide it), so that
        # the legend lists the areas in order, then the seats
        series: list[Series] = [
            (
                area,
                colours[area],
                [p["by_institution"][inst][area] if area in areas else None for p in parties],
            )
            for area in colours
        ]
        series.append(
            (
                "seat share in the institution",
                QUANTITY["seats"],
                [p["seat_share_by_institution"].get(inst) for p in parties],
            )
        )
        panels.append((inst, series))
    return small_multiples_svg(
        [p["name"] for p in parties],
        panels,
        f"Each party's {_index_label(pa)} power per institution and issue area",
        prefix,
    )


def summary_plot_svg(pa: PackageAudit, prefix: str = "package-summary") -> str:
    """The package summary (salience-weighted power) beside seat and population shares."""
    parties = _parties(pa)
    series: list[Series] = [
        ("power across the package", QUANTITY["power"], [p["summary"] for p in parties])
    ]
    if any(p["seat_share"] is not None for p in parties):
        series.append(("seats", QUANTITY["seats"], [p["seat_share"] for p in parties]))
    if any(p["population_share"] is not None for p in parties):
        pops = [p["population_share"] for p in parties]
        series.append(("population", QUANTITY["population"], pops))
    return dots_svg(
        [p["name"] for p in parties], series, "Power across the package vs seats", prefix
    )


# The sections, in report order. -------------------------------------------------------------


@package_section("verdict", "Verdict")
def _verdict(pa: PackageAudit) -> list[Block]:
    return [Paragraph(pa.verdict)]


@package_section("findings", "Findings")
def _findings(pa: PackageAudit) -> list[Block] | None:
    return [Bullets(pa.findings)] if pa.findings else None


@package_section("caveats", "Caveats and assumptions")
def _caveats(pa: PackageAudit) -> list[Block]:
    items = pa.package.caveats or ("None recorded.",)
    return [Bullets(tuple(items))]


@package_section("package", "The package: each party's power per institution and issue area")
def _package(pa: PackageAudit) -> list[Block]:
    parties = _parties(pa)
    columns = [(inst, area) for inst, areas in _institution_areas(pa) for area in areas]
    header = ("party", *(f"{inst}: {area}" for inst, area in columns))
    rows = tuple(
        (p["name"], *(_pct(p["by_institution"][inst][area]) for inst, area in columns))
        for p in parties
    )
    seat_cols = [inst for inst, _ in _institution_areas(pa)]
    seats = Table(
        ("party", *(f"{inst}: seats" for inst in seat_cols)),
        tuple(
            (p["name"], *(_pct(p["seat_share_by_institution"].get(i)) for i in seat_cols))
            for p in parties
        ),
        ("l", *("r" for _ in seat_cols)),
        caption="Each party's share of the seats (or portfolios) of each institution.",
    )
    areas = [
        f"{a.name}: needs {' + '.join(a.institutions)}"
        if a.require == "all"
        else f"{a.name}: any of {', '.join(a.institutions)}"
        for a in pa.package.areas
    ]
    caption = (
        "Each party's power in each institution (one panel each), per issue area it decides, "
        "beside its seat share in that institution; parties in order of power across the "
        "package."
    )
    return [
        Paragraph(
            f"{_index_label(pa)} power of each party under each institution's rule alone, for "
            "each issue area the institution decides. Issue areas and the institutions they "
            "need:"
        ),
        Bullets(tuple(areas)),
        Figure(partial(institution_plot_svg, pa), caption),
        Table(
            header,
            rows,
            ("l", *("r" for _ in columns)),
            caption=f"{_index_label(pa)} power per institution and issue area.",
        ),
        seats,
    ]


@package_section("summary", "Across the package: power per issue area, seats and population")
def _summary(pa: PackageAudit) -> list[Block]:
    parties = _parties(pa)
    areas = [a.name for a in pa.package.areas]
    pops = any(p["population_share"] is not None for p in parties)
    header = (
        "party",
        "package summary",
        "seat share",
        *(("population share",) if pops else ()),
        "power / seats",
        *areas,
    )
    rows = []
    for p in parties:
        s, seat = p["summary"], p["seat_share"]
        ratio = "–" if s is None or not seat else f"{s / seat:.2f}"
        rows.append(
            (
                p["name"],
                _pct(s),
                _pct(seat),
                *((_pct(p["population_share"]),) if pops else ()),
                ratio,
                *(_pct(p["by_area"][a]) for a in areas),
            )
        )
    salience = ", ".join(f"{a.name} {a.salience}" for a in pa.package.areas)
    per_party = (
        " Some parties weigh areas differently (see the package file)."
        if (pa.package.salience)
        else ""
    )
    return [
        Paragraph(
            "Power per issue area is the party's power in the game in which the area's decision "
            "passes (every institution it needs). The package summary weighs the areas by "
            f"salience ({salience}).{per_party}"
        ),
        Figure(
            partial(summary_plot_svg, pa),
            "Each party's power across the package (salience-weighted) beside its seat and "
            "population shares.",
        ),
        Table(header, tuple(rows), ("l", *("r" for _ in header[1:]))),
    ]


@package_section("portfolios", "Portfolios: the cabinet against seats and power")
def _portfolios(pa: PackageAudit) -> list[Block] | None:
    data = pa.report_data()
    if not data["cabinets"]:
        return None
    parties = _parties(pa)
    blocks: list[Block] = []
    for cab in data["cabinets"]:
        insts = [
            (i["name"], list(i["areas"]))
            for i in data["institutions"]
            if i["cabinet"] == cab["name"]
        ]
        power_cols = [(inst, area) for inst, areas in insts for area in areas]
        header = (
            "party",
            "portfolios",
            "count",
            "share of portfolios",
            f"seat share in {cab['from']}",
            *(f"power in {inst}: {area}" for inst, area in power_cols),
        )
        rows = []
        for p in parties:
            info = p["portfolios"].get(cab["name"])
            if not info:
                continue
            rows.append(
                (
                    p["name"],
                    ", ".join(info["portfolios"]) or "–",
                    str(info["count"]),
                    _pct(info["weight_share"]),
                    _pct(p["seat_share_by_institution"].get(cab["from"])),
                    *(_pct(p["by_institution"][inst][area]) for inst, area in power_cols),
                )
            )
        picks = "; ".join(f"{k['turn']}. {k['party']}: {k['portfolio']}" for k in cab["picks"])
        fixed = "; ".join(f"{party}: {', '.join(o)}" for party, o in cab["fixed"].items())
        method = _METHODS.get(cab["method"], cab["method"])
        blocks += [
            Paragraph(
                f"{cab['name']}: portfolios shared by {method} from the seats of "
                f"{cab['from']}" + (f"; outside the method: {fixed}" if fixed else "") + "."
            ),
            Table(header, tuple(rows), ("l", "l", *("r" for _ in header[2:]))),
            Bullets((f"Order of picks: {picks}.", *(f"Tie: {t}" for t in cab["ties"]))),
        ]
    return blocks


@package_section("rotation", "Rotation: power per term and averaged over the cycle")
def _rotation(pa: PackageAudit) -> list[Block] | None:
    data = pa.report_data()
    terms = data.get("terms")
    rotating = next((i for i in data["institutions"] if i["rotation"]), None)
    if not terms or rotating is None:
        return None
    parties = _parties(pa)
    blocks: list[Block] = [
        Paragraph(
            f"The {rotating['rotation']['column']} of the {rotating['name']} rotates: "
            + ", ".join(f"{t['holder']} ({t['length']:g} {t['unit']})" for t in terms)
            + ". Power is given per term and averaged over the cycle in proportion to the "
            "terms' lengths."
        )
    ]
    unchanged = []
    for area in rotating["areas"]:
        per_term = [p["by_term"][area] for p in parties]
        if all(len(set(row)) == 1 for row in per_term):
            unchanged.append(area)
        header = (
            "party",
            *(f"term {k + 1}: {t['holder']}" for k, t in enumerate(terms)),
            "averaged",
        )
        rows = tuple(
            (p["name"], *(_pct(v) for v in p["by_term"][area]), _pct(p["by_area"][area]))
            for p in parties
        )
        blocks.append(
            Table(
                header, rows, ("l", *("r" for _ in header[1:])), caption=f"{area}: power per term."
            )
        )
    if unchanged:
        blocks.insert(
            1,
            Note(
                "The rotation changes nothing a priori in: " + ", ".join(unchanged) + " (the "
                "rule gives the office holder no extra say there)."
            ),
        )
    return blocks


@package_section("comparison", "Two packages compared")
def _comparison(pa: PackageAudit) -> list[Block] | None:
    rows = pa.comparison()
    if rows is None or pa.compare is None:
        return None
    first, second = pa.package.name, pa.compare.package.name
    header = ("party", "first: summary", "second: summary", "difference", "first: seat share",
              "second: seat share")  # fmt: skip
    body = tuple(
        (
            r["party"],
            _pct(r["first"]),
            _pct(r["second"]),
            "–"
            if r["difference"] is None
            else f"{100 * to_float(Fraction(r['difference'])):+.1f} points",
            _pct(r["first_seat_share"]),
            _pct(r["second_seat_share"]),
        )
        for r in rows
    )
    shared = [r["party"] for r in rows if r["difference"] is not None]
    return [
        Paragraph(
            f"First: {first}. Second: {second}. Each party's power across the package "
            "(salience-weighted) in both; the difference is second minus first, in percentage "
            "points." + ("" if shared else " The two packages have no party in common.")
        ),
        Table(header, body, ("l", *("r" for _ in header[1:]))),
    ]


@package_section("glossary", "Glossary: the measures and words of this report")
def _glossary(pa: PackageAudit) -> list[Block] | None:
    others = build_package_sections(pa, exclude={"glossary", "method", "inputs", "sources"})
    return glossary_blocks(others)


@package_section("method", "Method and notes")
def _method(pa: PackageAudit) -> list[Block]:
    r = pa.result
    notes = (
        *r.notes,
        f"counting methods: {', '.join(r.methods) or 'none'}; exact: {r.exact}",
        f"time: analysis {r.seconds:.2f} s, audit {pa.seconds:.2f} s",
    )
    return [Paragraph(PACKAGE_METHOD_TEXT), Bullets(notes)]


@package_section("inputs", "Inputs, date and version")
def _inputs(pa: PackageAudit) -> list[Block]:
    pkg = pa.package
    items = [
        f"Report of {datetime.date.today().isoformat()}, made with powershare {__version__}.",
        f"Package: {pkg.name} ('{pa.name}').",
        f"Parties: {len(pkg.parties)} ({', '.join(pkg.party_names)}).",
        "Institutions: " + "; ".join(i.name for i in pkg.institutions) + ".",
        "Issue areas: " + "; ".join(a.name for a in pkg.areas) + ".",
    ]
    if pkg.source:
        items.append(f"Source named in the package: {pkg.source}.")
    if pa.compare is not None:
        items.append(f"Compared with: {pa.compare.package.name}.")
    return [Bullets(tuple(items))]


@package_section("sources", "Sources")
def _sources(pa: PackageAudit) -> list[Block]:
    blocks = source_blocks(pa.sources, "package")
    if pa.package.description:
        blocks.insert(0, Paragraph(pa.package.description))
    return blocks
