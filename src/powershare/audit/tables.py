"""The audit's tables as plain rows of text (:class:`~powershare.audit.report_model.Table`),
used by the report's sections (:mod:`powershare.audit.sections`).

>>> from powershare.audit import audit, load_audit_scenario
>>> a = audit(load_audit_scenario("eec-1958"), what_ifs=False, curve=False)
>>> t = members_table(a)
>>> t.header[:3], t.rows[-1][0]
(('member', 'seats', 'seat share'), 'Luxembourg')
"""

from __future__ import annotations

from fractions import Fraction

from powershare.audit.audit import Audit, pct
from powershare.audit.metrics import Concentration
from powershare.audit.report_model import Table
from powershare.audit.wording import common_scale, in_scale, percent_sig
from powershare.games.numbers import to_float

__all__ = [
    "Table",
    "blocs_table",
    "citizen_summary_table",
    "citizen_units_table",
    "comparison_table",
    "concentration_table",
    "curve_table",
    "members_table",
    "what_if_table",
]


def _ratio(value: Fraction | float | None, digits: int = 2) -> str:
    return "-" if value is None else f"{to_float(value):.{digits}f}"


def _count(value: Fraction | None) -> str:
    if value is None:
        return "-"
    return f"{int(value):,}" if value.denominator == 1 else f"{to_float(value):,.2f}"


def members_table(a: Audit) -> Table:
    """Power per member beside seat and population shares, with ratios."""
    has_seats = any(m.seats is not None for m in a.members)
    has_pop = any(m.population is not None for m in a.members)
    header = ["member"]
    if has_seats:
        header += ["seats", "seat share"]
    if has_pop:
        header += ["population", "pop. share"]
    header += ["Banzhaf", "Shapley-Shubik", "Penrose (abs. Banzhaf)"]
    if has_seats:
        header += ["power / seats"]
    if has_pop:
        header += ["power / population"]
    rows = []
    for m in sorted(a.members, key=lambda r: -r.banzhaf):
        row = [m.name]
        if has_seats:
            row += ["-" if m.seats is None else str(m.seats), pct(m.seat_share)]
        if has_pop:
            row += [_count(m.population), pct(m.population_share)]
        row += [pct(m.banzhaf, 2), pct(m.shapley, 2), f"{to_float(m.banzhaf_absolute):.4f}"]
        if has_seats:
            row += [_ratio(m.power_to_seats)]
        if has_pop:
            row += [_ratio(m.power_to_population)]
        rows.append(tuple(row))
    return Table(tuple(header), tuple(rows), ("l",) + ("r",) * (len(header) - 1))


def concentration_table(a: Audit) -> Table:
    """Equality and concentration measures of power (and, for reference, seats, population)."""
    cols: list[Concentration] = list(a.concentration.values())
    header = ("measure", *(c.label for c in cols))
    spec: list[tuple[str, str]] = [
        ("Gini coefficient (0 = equal)", "gini"),
        ("Herfindahl index", "herfindahl"),
        ("effective number (Laakso-Taagepera)", "effective_number"),
        ("largest / smallest", "max_min_ratio"),
        ("largest / smallest positive", "max_min_ratio_positive"),
        ("distance from equal (share to move)", "distance_equal"),
        ("distance from population-proportional", "distance_population"),
        ("Euclidean distance from equal (float)", "euclidean_equal"),
    ]
    rows = []
    for label, key in spec:
        cells = []
        for c in cols:
            v = getattr(c, key)
            if v is None:
                cells.append("-")
            elif key.startswith("distance"):
                cells.append(pct(v))
            else:
                cells.append(f"{to_float(v):.3f}")
        rows.append((label, *cells))
    return Table(header, tuple(rows), ("l",) + ("r",) * len(cols), truncate=False)


def curve_table(a: Audit, points: int = 11) -> Table | None:
    """A few points of the quota curve (the plot shows all): top members and the Gini."""
    c = a.quota_curve
    if c is None:
        return None
    base = {m.name: m.banzhaf for m in a.members}
    top = sorted(range(len(c.names)), key=lambda i: -base[c.names[i]])[:4]
    step = max(1, (len(c.quotas) - 1) // (points - 1))
    picked = {*range(0, len(c.quotas), step), len(c.quotas) - 1}
    if c.current in c.quotas:
        picked.add(c.quotas.index(c.current))
    ks = sorted(picked)
    header = ("quota", *(c.names[i] for i in top), "Gini", "effective number")
    rows = []
    for k in ks:
        q = c.quotas[k]
        mark = " (rule)" if q == c.current else ""
        rows.append(
            (
                f"{q} ({pct(Fraction(q, c.total_weight))}){mark}",
                *(pct(c.power[k][i], 2) for i in top),
                f"{to_float(c.gini[k]):.3f}",
                f"{to_float(c.effective[k]):.1f}",
            )
        )
    return Table(header, tuple(rows), ("l",) + ("r",) * (len(header) - 1))


def what_if_table(a: Audit) -> Table | None:
    """One table of differences: each what-if, its biggest gainer and loser, and the Gini."""
    t = a.what_if
    if t is None:
        return None
    base_gini = a.concentration["banzhaf"].gini
    rows = []
    for r in t.rows:
        gain, loss = r.biggest_gain(), r.biggest_loss()
        rows.append(
            (
                r.label,
                f"{gain[0]} {to_float(gain[1]) * 100:+.2f} pts",
                f"{loss[0]} {to_float(loss[1]) * 100:+.2f} pts",
                f"{to_float(r.gini):.3f} ({to_float(r.gini - base_gini):+.3f})",
                f"{to_float(r.effective_number):.1f}",
            )
        )
    header = ("what if", "biggest gain", "biggest loss", "Gini (change)", "effective number")
    return Table(header, tuple(rows), ("l", "l", "l", "r", "r"))


def citizen_summary_table(a: Audit) -> Table | None:
    """Centralised against decentralised rules for the same people."""
    if not a.citizen:
        return None
    scale = common_scale([r.mean for r in a.citizen])
    rows = [
        (
            r.label,
            r.description,
            in_scale(r.mean, scale),
            _ratio(r.max_min_ratio),
            f"{r.gini:.3f}",
        )
        for r in a.citizen
    ]
    header = (
        "rule", "how", f"mean citizen power (in {scale:,})", "largest / smallest",
        "Gini over citizens",
    )  # fmt: skip
    first = a.citizen[0].mean
    caption = (
        "Citizen power is the chance that one citizen's vote decides the body's decision, "
        f"written as chances in {scale:,} ({in_scale(first, scale)} in {scale:,} = "
        f"{percent_sig(first)})."
    )
    return Table(header, tuple(rows), ("l", "l", "r", "r", "r"), caption)


def citizen_units_table(a: Audit) -> Table | None:
    """Per unit: population, psi(N), the unit's power upstairs, citizen power and relative
    citizen power under each rule."""
    if not a.citizen:
        return None
    given = a.citizen[1]
    others = [r for r in a.citizen if r is not given]
    order = sorted(range(len(given.units)), key=lambda j: -given.relative[j])
    decides = common_scale([d.value for d in given.decisive])
    power = common_scale(given.citizen)
    header = (
        "unit", "population", f"psi(N): P(citizen decides unit), in {decides:,}",
        "unit's Penrose power", f"citizen power (in {power:,})", "relative (as given)",
        *(f"relative ({r.label})" for r in others),
    )  # fmt: skip
    rows = []
    for j in order:
        rows.append(
            (
                given.units[j],
                f"{given.populations[j]:,}",
                in_scale(given.decisive[j].value, decides),
                "-" if given.unit_power is None else f"{to_float(given.unit_power[j]):.4f}",
                in_scale(given.citizen[j], power),
                f"{given.relative[j]:.2f}",
                *(f"{r.relative[j]:.2f}" for r in others),
            )
        )
    return Table(header, tuple(rows), ("l",) + ("r",) * (len(header) - 1))


def comparison_table(a: Audit) -> Table | None:
    """Banzhaf power of each member under the rule and each comparison rule."""
    if not a.comparisons:
        return None
    header = ("member", "as given", *(c.label for c in a.comparisons))
    rows = []
    for i, m in sorted(enumerate(a.members), key=lambda x: -x[1].banzhaf):
        rows.append((m.name, pct(m.banzhaf, 2), *(pct(c.banzhaf[i], 2) for c in a.comparisons)))
    caption = "Normalised Banzhaf power of each member under each rule."
    return Table(header, tuple(rows), ("l",) + ("r",) * (len(header) - 1), caption)


def blocs_table(a: Audit) -> Table | None:
    """Blocs: seat share, summed member power, and power when voting as one."""
    if not a.blocs:
        return None
    rows = [
        (b.name, ", ".join(b.members), pct(b.seat_share), pct(b.summed_banzhaf, 2),
         pct(b.united_banzhaf, 2))
        for b in a.blocs
    ]  # fmt: skip
    header = ("bloc", "members", "seat share", "members' power summed", "power voting as one")
    return Table(header, tuple(rows), ("l", "l", "r", "r", "r"))
