"""The audit report's sections, each defined once, as data, and the registry that orders them.

Every section is a function from an :class:`~powershare.audit.audit.Audit` to its blocks
(:mod:`powershare.audit.report_model`), registered with an anchor and a heading by the
:func:`section` decorator; the registry's order is the report's order. :func:`build_report`
turns an audit into a :class:`~powershare.audit.report_model.Report`, which the HTML, Markdown
and terminal renderers show without knowing any section.

**Adding a section touches this file only**: write a function returning its blocks (or
``None`` when it has nothing to say, so that no output prints an empty heading) and decorate
it with ``@section("anchor", "Heading")`` where it belongs in the order below. The HTML,
Markdown and terminal reports then all show it. Tables of figures may come from
:mod:`powershare.audit.tables`; plots (HTML only) from :mod:`powershare.audit.plots`.

>>> from powershare.audit import audit, load_audit_scenario
>>> a = audit(load_audit_scenario("eec-1958"), what_ifs=False, curve=False)
>>> [s.anchor for s in build_sections(a)][:4]
['verdict', 'findings', 'caveats', 'power']
>>> build_report(a).intro  # doctest: +ELLIPSIS
'Rule: passes with at least 12 of 17 weight. Members: 6. Report of 20..., powershare ...'
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass
from functools import partial
from typing import Generic, TypeVar

from powershare import __version__
from powershare.audit.audit import Audit
from powershare.audit.glossary import terms_used
from powershare.audit.maps import map_panels, map_svg
from powershare.audit.plots import citizen_svg, power_svg, quota_curve_svg
from powershare.audit.report_model import (
    Block,
    Bullets,
    Excerpt,
    Figure,
    Note,
    Paragraph,
    Report,
    Section,
    Table,
)
from powershare.audit.source_notes import split_notes
from powershare.audit.tables import (
    blocs_table,
    citizen_summary_table,
    citizen_units_table,
    comparison_table,
    concentration_table,
    curve_table,
    members_table,
    what_if_table,
)
from powershare.errors import PowershareError
from powershare.structure.decisiveness import decisiveness

__all__ = [
    "METHOD_TEXT",
    "REGISTRY",
    "SectionSpec",
    "blocking_lines",
    "blocks_text",
    "build_report",
    "build_sections",
    "glossary_blocks",
    "register_section",
    "section",
    "sections_of",
    "source_blocks",
]

S = TypeVar("S")
"""What a report is about: an :class:`Audit` here, a package audit in
:mod:`powershare.audit.package_sections`."""

BlocksBuilder = Callable[[Audit], Sequence[Block] | None]


@dataclass(frozen=True)
class SectionSpec(Generic[S]):
    """A registered section: its ``anchor``, ``heading`` and the function giving its blocks."""

    anchor: str
    heading: str
    blocks: Callable[[S], Sequence[Block] | None]

    def build(self, a: S) -> Section | None:
        """The section for ``a``, or ``None`` when it has nothing to say."""
        blocks = self.blocks(a)
        return Section(self.anchor, self.heading, tuple(blocks)) if blocks else None


REGISTRY: list[SectionSpec[Audit]] = []
"""Every section, in report order (filled by :func:`section`)."""


def register_section(
    registry: list[SectionSpec[S]], anchor: str, heading: str
) -> Callable[[Callable[[S], Sequence[Block] | None]], Callable[[S], Sequence[Block] | None]]:
    """A decorator registering a function as the section ``anchor`` with ``heading`` in
    ``registry``, after the sections registered before it. Anchors are unique per registry.
    (Another report, e.g. the package audit, keeps its own registry and decorator.)"""

    def register(
        blocks: Callable[[S], Sequence[Block] | None],
    ) -> Callable[[S], Sequence[Block] | None]:
        if any(spec.anchor == anchor for spec in registry):
            raise ValueError(f"section anchor {anchor!r} is registered already")
        registry.append(SectionSpec(anchor, heading, blocks))
        return blocks

    return register


def section(anchor: str, heading: str) -> Callable[[BlocksBuilder], BlocksBuilder]:
    """Register the decorated function as the section ``anchor`` with ``heading``, after the
    sections registered before it. Anchors are unique."""
    return register_section(REGISTRY, anchor, heading)


def sections_of(
    registry: Sequence[SectionSpec[S]], a: S, *, exclude: Collection[str] = ()
) -> tuple[Section, ...]:
    """Every section of ``registry`` with something to say about ``a``, in order, except the
    anchors in ``exclude``."""
    built = (spec.build(a) for spec in registry if spec.anchor not in exclude)
    return tuple(s for s in built if s is not None)


def build_sections(a: Audit, *, exclude: Collection[str] = ()) -> tuple[Section, ...]:
    """Every registered section with something to say about ``a``, in order, except the
    anchors in ``exclude``."""
    return sections_of(REGISTRY, a, exclude=exclude)


def build_report(a: Audit, *, exclude: Collection[str] = ()) -> Report:
    """The whole report of ``a`` as data (see :func:`build_sections`)."""
    sc = a.scenario
    return Report(
        title=f"Power-sharing audit: {sc.title}",
        intro=f"Rule: {sc.game.describe()}. Members: {sc.game.n}. Report of "
        f"{datetime.date.today().isoformat()}, powershare {__version__}.",
        sections=build_sections(a, exclude=exclude),
        banner="ILLUSTRATIVE SCENARIO: not a real or proposed body. See the caveats."
        if sc.illustrative
        else None,
    )


METHOD_TEXT = (
    "Power is computed exactly (integer counts, fractions) by powershare's counting methods: "
    "normalised Banzhaf (share of swings), Shapley-Shubik (share of pivotal orderings) and the "
    "absolute Banzhaf or Penrose measure (probability of being decisive when everyone votes yes "
    "or no with probability 1/2). Percentages are these exact values rounded for display; "
    "the JSON output carries the exact fractions. Equality measures: Gini coefficient, "
    "Herfindahl index and the Laakso & Taagepera (1979) effective number, the largest/smallest "
    "ratio, and the total-variation distance (the share of power that would have to move) from "
    "equal and from population-proportional power (Felsenthal & Machover 1998). Citizen power in "
    "a two-tier system is the chance that a citizen decides her unit's majority, "
    "C(N-1, floor((N-1)/2)) / 2^(N-1) (exact up to 20,001 citizens, else lgamma in floating "
    "point), times the unit's Penrose power upstairs (Penrose 1946; Felsenthal & Machover 1998 "
    "ch. 3); square-root weights with the Jagiellonian quota follow Słomczyński & Życzkowski "
    "(2006). Blocs are a modelling assumption wherever the report says members vote as blocs."
)

_NOT_WEIGHTED = (
    "Not computed: the quota curve and what-ifs apply to single-quota (weighted) rules; "
    "this rule is compound or the section was switched off."
)


def collectivity_words(a: Audit) -> list[str]:
    """How often the rule lets a decision pass, in plain words (Coleman's power of the
    collectivity to act); empty when it cannot be counted within the default limits."""
    try:
        return decisiveness(a.scenario.game).words()[:1]
    except PowershareError:
        return []


def blocking_lines(a: Audit) -> list[str]:
    """The blocking section as sentences (plain text)."""
    b = a.blocking
    lines = [
        *collectivity_words(a),
        "Can block alone (veto players): " + (", ".join(b.named(b.veto)) or "nobody") + ".",
        "Never decisive (dummies, zero power under every index): "
        + (", ".join(b.named(b.dummies)) or "nobody")
        + ".",
    ]
    if b.blocking_pairs:
        shown = "; ".join(" + ".join(b.named(p)) for p in b.blocking_pairs[:30])
        more = f" (and {len(b.blocking_pairs) - 30} more)" if len(b.blocking_pairs) > 30 else ""
        lines.append(f"Pairs that can block together ({len(b.blocking_pairs)}): {shown}{more}.")
    else:
        lines.append("No two members (neither with a veto) can block together.")
    for kind, size, listed, count in (
        ("winning", b.smallest_winning_size, b.smallest_winning, b.smallest_winning_count),
        ("blocking", b.smallest_blocking_size, b.smallest_blocking, b.smallest_blocking_count),
    ):
        if size is None:
            continue
        shown = "; ".join("{" + ", ".join(b.named(c)) + "}" for c in listed)
        total = "" if count is None else f" ({count:,} such coalitions; first {len(listed)} shown)"
        lines.append(f"Smallest {kind} coalitions: {size} members{total}: {shown}.")
    if b.minimal_winning_count is not None:
        lines.append(
            f"Minimal winning coalitions: {b.minimal_winning_count:,}; minimal blocking "
            f"coalitions: {b.minimal_blocking_count:,}."
        )
    if a.veto_threshold is not None and not b.veto:
        q, who = a.veto_threshold
        lines.append(f"At a quota of {q} or more, {who} alone could block.")
    lines += list(b.notes)
    return lines


# The sections, in report order. -------------------------------------------------------------


def blocks_text(blocks: Sequence[Block]) -> str:
    """The words of ``blocks`` (what the glossary looks for)."""
    out: list[str] = []
    for b in blocks:
        if isinstance(b, Paragraph | Note):
            out.append(b.text)
        elif isinstance(b, Bullets):
            out += b.items
        elif isinstance(b, Table):
            out += [*b.header, b.caption or ""]
        elif isinstance(b, Figure):
            out.append(b.caption)
    return "\n".join(out)


@section("verdict", "Verdict")
def _verdict(a: Audit) -> list[Block]:
    return [Paragraph(a.verdict)]


@section("findings", "Findings")
def _findings(a: Audit) -> list[Block] | None:
    return [Bullets(a.findings)] if a.findings else None


@section("caveats", "Caveats and assumptions")
def _caveats(a: Audit) -> list[Block]:
    return [Bullets(a.scenario.caveats or ("None recorded.",))]


@section("map", "Maps: seats, power and citizen power per person")
def _map(a: Audit) -> list[Block] | None:
    regions = a.scenario.geometry
    panels = map_panels(a)
    if regions is None or not panels:
        return None
    titles = ", ".join(title[0].lower() + title[1:] for title, _ in panels)
    blocks: list[Block] = [
        Paragraph(
            f"Each region is coloured by its {titles}, as a ratio to the average: 1 (light "
            "grey) is the average, orange below it, blue above it; the same scale in every "
            "panel. Seats per person and power per person are the region's share of seats or "
            "of power divided by its share of the population."
        ),
        Figure(partial(map_svg, a), f"Maps of {titles} (ratio to the average), by region."),
    ]
    if regions.missing:
        blocks.append(Note(f"Not on the map (no boundary): {', '.join(regions.missing)}."))
    blocks.append(Note(f"Boundaries: {regions.source} (joined by the property '{regions.key}')."))
    return blocks


@section("power", "Power per member")
def _power(a: Audit) -> list[Block]:
    caption = (
        "Banzhaf and Shapley-Shubik power of each member beside its seat and population shares."
    )
    return [Figure(partial(power_svg, a), caption), members_table(a)]


@section("equality", "Equality and concentration")
def _equality(a: Audit) -> list[Block]:
    return [concentration_table(a)]


@section("blocking", "Who can block, who is needed, who never matters")
def _blocking(a: Audit) -> list[Block]:
    return [Bullets(tuple(blocking_lines(a)))]


@section("sensitivity", "Sensitivity: power as the quota moves")
def _sensitivity(a: Audit) -> list[Block]:
    table = curve_table(a)
    if table is None or a.quota_curve is None:
        return [Note(_NOT_WEIGHTED)]
    caption = (
        "Banzhaf power of the most powerful members and the least powerful one, and the Gini "
        "coefficient of power, at every quota (the rule's quota dashed)."
    )
    return [
        Paragraph(a.quota_curve.note() + "."),
        Figure(partial(quota_curve_svg, a), caption),
        table,
    ]


@section("what-if", "What if: members leave, merge, a seat moves")
def _what_if(a: Audit) -> list[Block]:
    table = what_if_table(a)
    if table is None or a.what_if is None:
        return [Note(_NOT_WEIGHTED)]
    notes: list[Block] = [Bullets(a.what_if.notes)] if a.what_if.notes else []
    return [
        *notes,
        Paragraph("Changes are in percentage points of normalised Banzhaf power."),
        table,
    ]


@section("decentralisation", "Decentralisation: citizen-level power")
def _decentralisation(a: Audit) -> list[Block]:
    summary, units = citizen_summary_table(a), citizen_units_table(a)
    if summary is None or units is None or not a.citizen:
        sc = a.scenario
        if sc.populations is None:
            why = "Not computed: no populations were given for the members."
        elif not sc.populations_are_counts:
            why = (
                "Not computed: the populations are shares (estimates), not head-counts; "
                "citizen-level power needs the number of citizens in each unit."
            )
        else:
            why = "Not computed: the members are not territorial units electing by majority."
        return [Note(why)]
    caption = "Citizen power relative to the mean, per unit, under each rule compared."
    notes = sorted({n for r in a.citizen for n in r.notes})
    return [
        summary,
        Figure(partial(citizen_svg, a), caption),
        units,
        *([Bullets(tuple(notes))] if notes else []),
    ]


@section("comparison", "The same body under other rules")
def _comparison(a: Audit) -> list[Block]:
    table = comparison_table(a)
    if table is None:
        return [Note("No comparison rules were given for this body.")]
    return [Bullets(tuple(f"{c.label}: {c.rule}" for c in a.comparisons)), table]


@section("blocs", "Blocs")
def _blocs(a: Audit) -> list[Block]:
    table = blocs_table(a)
    if table is None:
        return [Note("No blocs (a-priori unions) were given for this body.")]
    return [table]


@section("glossary", "Glossary: the measures and words of this report")
def _glossary(a: Audit) -> list[Block] | None:
    return glossary_blocks(build_sections(a, exclude={"glossary", "method", "inputs", "sources"}))


def glossary_blocks(sections: Sequence[Section]) -> list[Block] | None:
    """The glossary of the measures and words used in ``sections`` (``None``: none used)."""
    terms = terms_used("\n".join(blocks_text(s.blocks) for s in sections))
    if not terms:
        return None
    return [Bullets(tuple(f"{t.term}: {t.definition}" for t in terms))]


@section("method", "Method and notes")
def _method(a: Audit) -> list[Block]:
    timing = ", ".join(f"{k} {v:.2f} s" for k, v in a.seconds.items())
    notes = (
        *a.notes,
        f"counting method: {a.table.method}; exact: {a.table.is_exact}",
        f"time: {timing}",
    )
    blocks: list[Block] = [Paragraph(METHOD_TEXT), Bullets(notes)]
    working = [
        f"{name}: {note}" for name, text in a.scenario.sources for note in split_notes(text)[1]
    ]
    if working:
        blocks += [
            Paragraph("How the data files were built and checked (from their source notes):"),
            Bullets(tuple(working)),
        ]
    return blocks


@section("inputs", "Inputs, date and version")
def _inputs(a: Audit) -> list[Block]:
    sc = a.scenario
    items = [
        f"Report of {datetime.date.today().isoformat()}, made with powershare {__version__}.",
        f"Body: {sc.title} ('{sc.name}'), {sc.game.n} members.",
        f"Rule: {sc.game.describe()}.",
    ]
    if sc.seats is not None:
        items.append(f"Seats: {sum(sc.seats):,} in all.")
    if sc.populations is not None:
        items.append(f"Populations: {sc.population_label}.")
    if sc.blocs:
        items.append(f"Blocs: {len(sc.blocs)} ({', '.join(sc.blocs)}).")
    if sc.comparisons:
        items.append(
            "Compared with: " + "; ".join(f"{k} ({r.describe()})" for k, r in sc.comparisons) + "."
        )
    if sc.geometry is not None:
        items.append(f"Boundaries for the maps: {sc.geometry.source}.")
    if sc.sources:
        items.append("Data files' source notes: " + ", ".join(name for name, _ in sc.sources) + ".")
    return [Bullets(tuple(items))]


@section("sources", "Sources")
def _sources(a: Audit) -> list[Block]:
    return source_blocks(a.scenario.sources, "body")


def source_blocks(sources: Sequence[tuple[str, str]], what: str = "body") -> list[Block]:
    """The Sources section: each data file's source notes (without the working notes of how
    it was built, which go to Method and notes)."""
    if not sources:
        return [Note(f"No source notes were attached to this {what}.")]
    intro = Paragraph(
        "The source notes shipped with the data (how the files were built and checked is under "
        "Method and notes)."
    )
    return [intro, *(Excerpt(name, split_notes(text)[0].strip()) for name, text in sources)]
