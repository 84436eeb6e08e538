"""Plots of an audit as self-contained inline SVG text (matplotlib, imported lazily).

Every figure is drawn with the Agg-independent SVG backend, text converted to paths
(``svg.fonttype = "path"``: no font files or font references), the XML prologue, metadata and
namespace URLs removed, and every ``id`` prefixed so several plots can live in one HTML page.
"""

from __future__ import annotations

import io
import re
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from powershare.audit.audit import Audit

__all__ = ["bars_svg", "citizen_svg", "figure_svg", "plots", "power_svg", "quota_curve_svg"]

_COLORS = ("#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2")


def _pyplot() -> Any:
    import matplotlib  # optional heavy dependency: imported only when a plot is drawn

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    matplotlib.rcParams.update(
        {
            "svg.fonttype": "path",
            "svg.hashsalt": "powershare",
            "font.family": "DejaVu Sans",
            "font.size": 8,
            "axes.spines.top": False,
            "axes.spines.right": False,
        }
    )
    return plt


def figure_svg(fig: Any, prefix: str) -> str:
    """The figure as inline SVG text with ids prefixed by ``prefix`` (and the figure closed)."""
    plt = _pyplot()
    buf = io.StringIO()
    fig.savefig(buf, format="svg", bbox_inches="tight", metadata={"Date": None})
    plt.close(fig)
    svg = buf.getvalue()
    svg = svg[svg.index("<svg") :]
    svg = re.sub(r"<metadata>.*?</metadata>", "", svg, flags=re.S)
    svg = re.sub(r'\s+xmlns(:\w+)?="[^"]*"', "", svg)
    svg = svg.replace("xlink:href=", "href=")
    ids = set(re.findall(r'id="([^"]+)"', svg))
    for ident in sorted(ids, key=len, reverse=True):
        new = f"{prefix}-{ident}"
        svg = svg.replace(f'id="{ident}"', f'id="{new}"')
        svg = svg.replace(f'"#{ident}"', f'"#{new}"').replace(f"(#{ident})", f"(#{new})")
    return svg.replace("<svg", f'<svg role="img" aria-label="{prefix}"', 1)


def bars_svg(
    names: Sequence[str],
    series: Sequence[tuple[str, Sequence[float | None]]],
    title: str,
    prefix: str,
) -> str:
    """Horizontal grouped bars (one group per member), values as percentages."""
    plt = _pyplot()
    n, k = len(names), len(series)
    height = max(2.5, 0.1 * n * max(k, 1) + 1.0)
    fig, ax = plt.subplots(figsize=(7.5, height))
    bar = 0.8 / max(k, 1)
    for j, (label, values) in enumerate(series):
        ys = [i + (j - (k - 1) / 2) * bar for i in range(n)]
        xs = [0.0 if v is None else 100 * v for v in values]
        ax.barh(ys, xs, height=bar, label=label, color=_COLORS[j % len(_COLORS)])
    ax.set_yticks(range(n), list(names))
    ax.invert_yaxis()
    ax.set_xlabel("share (%)")
    ax.set_title(title)
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.04), ncol=k, frameon=False)
    ax.grid(axis="x", alpha=0.3)
    return figure_svg(fig, prefix)


def quota_curve_svg(a: Audit, prefix: str = "quota", top: int = 6) -> str:
    """Power of the most powerful members and the smallest one as the quota moves, and the
    Gini coefficient of power."""
    curve = a.quota_curve
    if curve is None:
        return ""
    plt = _pyplot()
    fig, (ax, ax2) = plt.subplots(
        2, 1, figsize=(7.5, 5.2), sharex=True, gridspec_kw={"height_ratios": [3, 1.3]}
    )
    base = {m.name: m.banzhaf for m in a.members}
    order = sorted(range(len(curve.names)), key=lambda i: -base[curve.names[i]])
    chosen = order[:top] + ([order[-1]] if len(order) > top else [])
    total = curve.total_weight
    xs = [100 * q / total for q in curve.quotas]
    for c, i in enumerate(chosen):
        ys = [100 * float(row[i]) for row in curve.power]
        ax.plot(xs, ys, label=curve.names[i], color=_COLORS[c % len(_COLORS)], lw=1.4)
    for axis in (ax, ax2):
        axis.axvline(100 * curve.current / total, color="grey", ls="--", lw=1)
    ax.set_ylabel("Banzhaf power (%)")
    ax.set_title(f"Power as the quota moves (rule's quota {curve.current} of {total}, dashed)")
    ax.legend(loc="upper left", frameon=False, ncol=2)
    ax.grid(alpha=0.3)
    ax2.plot(xs, [float(g) for g in curve.gini], color="black", lw=1.2)
    ax2.set_ylabel("Gini of power")
    ax2.set_xlabel("quota (% of total weight)")
    ax2.grid(alpha=0.3)
    return figure_svg(fig, prefix)


def citizen_svg(a: Audit, prefix: str = "citizen") -> str:
    """Citizen power relative to the mean, per unit, under each compared rule."""
    if not a.citizen:
        return ""
    plt = _pyplot()
    given = a.citizen[1]
    order = sorted(range(len(given.units)), key=lambda j: -given.relative[j])
    names = [given.units[j] for j in order]
    n = len(names)
    fig, ax = plt.subplots(figsize=(7.5, max(2.5, 0.2 * n + 0.9)))
    for c, rule in enumerate(a.citizen):
        ax.plot(
            [rule.relative[j] for j in order],
            range(n),
            marker="o" if c == 1 else ".",
            ls="none",
            ms=5 if c == 1 else 4,
            label=rule.label,
            color=_COLORS[c % len(_COLORS)],
        )
    ax.axvline(1.0, color="grey", lw=1)
    ax.set_yticks(range(n), names)
    ax.invert_yaxis()
    ax.set_xlabel("citizen power relative to the mean (1 = equal)")
    ax.set_title("Citizen-level power by unit (two-tier, Penrose measure)")
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.06), ncol=2, frameon=False)
    ax.grid(axis="x", alpha=0.3)
    return figure_svg(fig, prefix)


def power_svg(a: Audit, prefix: str = "power") -> str:
    """Banzhaf and Shapley-Shubik power per member beside seat and population shares."""
    rows = sorted(a.members, key=lambda m: -m.banzhaf)
    series: list[tuple[str, Sequence[float | None]]] = [
        ("Banzhaf power", [float(m.banzhaf) for m in rows]),
        ("Shapley-Shubik power", [float(m.shapley) for m in rows]),
    ]
    if any(m.seat_share is not None for m in rows):
        series.append(
            ("seats", [None if m.seat_share is None else float(m.seat_share) for m in rows])
        )
    if any(m.population_share is not None for m in rows):
        series.append(
            (
                "population",
                [None if m.population_share is None else float(m.population_share) for m in rows],
            )
        )
    return bars_svg([m.name for m in rows], series, "Power vs seats vs population", prefix)


def plots(a: Audit) -> dict[str, str]:
    """Every plot of the audit as SVG text: ``power``, ``quota_curve``, ``citizen`` (those that
    apply)."""
    out = {"power": power_svg(a)}
    curve = quota_curve_svg(a)
    if curve:
        out["quota_curve"] = curve
    citizens = citizen_svg(a)
    if citizens:
        out["citizen"] = citizens
    return out
