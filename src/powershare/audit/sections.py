"""The report's sections and the text shared by the Markdown and HTML reports."""

from __future__ import annotations

from powershare.audit.audit import Audit

__all__ = ["METHOD_TEXT", "SECTIONS", "blocking_lines", "missing_text"]

SECTIONS: tuple[tuple[str, str], ...] = (
    ("findings", "Findings"),
    ("caveats", "Caveats and assumptions"),
    ("power", "Power per member"),
    ("equality", "Equality and concentration"),
    ("blocking", "Who can block, who is needed, who never matters"),
    ("sensitivity", "Sensitivity: power as the quota moves"),
    ("what-if", "What if: members leave, merge, a seat moves"),
    ("decentralisation", "Decentralisation: citizen-level power"),
    ("comparison", "The same body under other rules"),
    ("blocs", "Blocs"),
    ("method", "Method and notes"),
    ("sources", "Sources"),
)
"""``(anchor id, heading)`` of every section, in report order; every report has them all."""

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


def missing_text(a: Audit, section: str) -> str | None:
    """Why a section has no content for this audit (``None`` when it has)."""
    if section in ("sensitivity", "what-if") and (
        a.quota_curve is None if section == "sensitivity" else a.what_if is None
    ):
        return (
            "Not computed: the quota curve and what-ifs apply to single-quota (weighted) rules; "
            "this rule is compound or the section was switched off."
        )
    if section == "decentralisation" and not a.citizen:
        if a.scenario.populations is None:
            return "Not computed: no populations were given for the members."
        if not a.scenario.populations_are_counts:
            return (
                "Not computed: the populations are shares (estimates), not head-counts; "
                "citizen-level power needs the number of citizens in each unit."
            )
        return "Not computed: the members are not territorial units electing by majority."
    if section == "comparison" and not a.comparisons:
        return "No comparison rules were given for this body."
    if section == "blocs" and not a.blocs:
        return "No blocs (a-priori unions) were given for this body."
    return None


def blocking_lines(a: Audit) -> list[str]:
    """The blocking section as sentences (plain text)."""
    b = a.blocking
    lines = [
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
