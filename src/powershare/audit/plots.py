"""Plots of an audit as self-contained inline SVG text (matplotlib, imported lazily).

Every figure is made with matplotlib's object API (no pyplot) and drawn with the SVG
backend, text converted to paths (``svg.fonttype = "path"``: no font files or font
references), the XML prologue, metadata and namespace URLs removed, and every ``id`` prefixed
so several plots can live in one HTML page.
Colours come from :mod:`powershare.audit.palette` (colour-blind safe, one colour per quantity);
member-by-member plots are sorted dot plots, one row per member, readable for 36 members and
more; legends sit outside the data.  The style is applied with ``matplotlib.rc_context``, so
writing a report leaves ``matplotlib.get_backend()`` and ``rcParams`` as they were.
"""

from __future__ import annotations

import functools
import io
import re
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, ParamSpec, TypeVar

from powershare.audit.palette import CYCLE, QUANTITY
from powershare.errors import import_optional
from powershare.games.numbers import to_float

if TYPE_CHECKING:
    from powershare.audit.audit import Audit

__all__ = [
    "STYLE",
    "citizen_svg",
    "dots_svg",
    "figure_svg",
    "plots",
    "power_svg",
    "quota_curve_svg",
    "small_multiples_svg",
    "styled",
    "subplots",
]

STYLE: dict[str, object] = {
    "svg.fonttype": "path",
    "svg.hashsalt": "powershare",
    "font.family": "DejaVu Sans",
    "font.size": 8,
    "axes.spines.top": False,
    "axes.spines.right": False,
}
"""The report's matplotlib style, applied only inside :func:`styled` drawing functions (through
``matplotlib.rc_context``): the user's ``rcParams`` and backend are never changed."""

_P = ParamSpec("_P")
_R = TypeVar("_R")


def styled(draw: Callable[_P, _R]) -> Callable[_P, _R]:
    """Run a drawing function with :data:`STYLE` in effect (``rc_context``, restored after)."""

    @functools.wraps(draw)
    def run(*args: _P.args, **kwargs: _P.kwargs) -> _R:
        matplotlib = import_optional("matplotlib", "plots")
        with matplotlib.rc_context(STYLE):
            return draw(*args, **kwargs)

    return run


def subplots(*args: Any, figsize: tuple[float, float], **kwargs: Any) -> tuple[Any, Any]:
    """``(figure, axes)`` like ``pyplot.subplots``, but made with the object API
    (:class:`matplotlib.figure.Figure`): no pyplot, no global figure, no backend chosen."""
    figure = import_optional("matplotlib.figure", "plots")
    fig = figure.Figure(figsize=figsize)
    return fig, fig.subplots(*args, **kwargs)


@styled
def figure_svg(fig: Any, prefix: str) -> str:
    """The figure as inline SVG text with ids prefixed by ``prefix``."""
    buf = io.StringIO()
    fig.savefig(buf, format="svg", bbox_inches="tight", metadata={"Date": None})
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


# One marker per series of a dot plot, so that series differ by shape as well as colour.
_MARKERS = ("o", "D", "|", "s", "^", "v")


@styled
def dots_svg(
    names: Sequence[str],
    series: Sequence[tuple[str, str, Sequence[float | None]]],
    title: str,
    prefix: str,
    xlabel: str = "share (%)",
) -> str:
    """A dot plot: one row per member (in the order given, first on top), one marker per
    series ``(label, colour, values)``; values are shares, drawn as percentages. The legend
    sits above the plot, off the data."""
    n = len(names)
    fig, ax = subplots(figsize=(7.5, max(2.2, 0.17 * n + 1.3)))
    for j, (label, color, values) in enumerate(series):
        pts = [(100 * v, i) for i, v in enumerate(values) if v is not None]
        marker = _MARKERS[j % len(_MARKERS)]
        ax.plot(
            [x for x, _ in pts], [y for _, y in pts], ls="none", marker=marker, color=color,
            ms=7 if marker == "|" else 4.5, mew=1.6 if marker == "|" else 0.8, label=label,
            mfc=color if j == 0 else "none" if marker in "sD^v" else color, zorder=3 - j * 0.1,
        )  # fmt: skip
    ax.set_yticks(range(n), list(names))
    ax.set_ylim(n - 0.5, -0.5)
    ax.set_xlim(left=0)
    ax.set_xlabel(xlabel)
    ax.grid(axis="both", alpha=0.25)
    ax.set_title(title, loc="left", pad=22)
    ax.legend(
        loc="lower left", bbox_to_anchor=(0, 1.0), ncol=len(series), frameon=False,
        handletextpad=0.3, columnspacing=1.2, borderaxespad=0.2,
    )  # fmt: skip
    return figure_svg(fig, prefix)


Series = tuple[str, str, Sequence[float | None]]
"""One series of a dot plot: ``(label, colour, values)``, values as shares (``None``: none)."""


@styled
def small_multiples_svg(
    names: Sequence[str],
    panels: Sequence[tuple[str, Sequence[Series]]],
    title: str,
    prefix: str,
    xlabel: str = "power (%)",
) -> str:
    """Dot plots side by side, one panel per ``(panel title, series)`` (e.g. one per
    institution of a package), sharing the rows (``names``, first on top) and one 0-100% scale.
    A series keeps its marker and colour in every panel; one legend above the panels names
    each series once."""
    n, k = len(names), max(1, len(panels))
    labels: list[str] = []
    for _, series in panels:
        labels += [label for label, _, _ in series if label not in labels]
    legend_rows = (len(labels) + 3) // 4
    head = 0.45 + 0.2 * legend_rows + 0.3  # inches: title, legend, panel titles
    height = max(2.4, 0.24 * n + 0.9) + head
    fig, axes = subplots(
        1, k, figsize=(min(12.0, 3.2 + 3.4 * k), height), sharey=True, squeeze=False
    )
    handles: dict[str, Any] = {}
    for ax, (panel, series) in zip(axes[0], panels, strict=False):
        for label, color, values in series:
            j = labels.index(label)
            marker = _MARKERS[j % len(_MARKERS)]
            pts = [(100 * v, i) for i, v in enumerate(values) if v is not None]
            (line,) = ax.plot(
                [x for x, _ in pts], [y for _, y in pts], ls="none", marker=marker, color=color,
                ms=9 if marker == "|" else 5.5, mew=1.8 if marker == "|" else 1.0,
                mfc=color if marker in "o|" else "none", label=label, zorder=3,
            )  # fmt: skip
            handles.setdefault(label, line)
        ax.set_title(panel, loc="left", fontsize=9, fontweight="bold")
        ax.set_xlim(-3, 103)
        ax.set_xticks([0, 25, 50, 75, 100])
        ax.set_xlabel(xlabel)
        ax.grid(axis="both", alpha=0.25)
    axes[0][0].set_yticks(range(n), list(names))
    axes[0][0].set_ylim(n - 0.5, -0.5)
    fig.text(0.01, 1 - 0.12 / height, title, ha="left", va="top", fontsize=10)
    fig.legend(
        [handles[label] for label in labels], labels, loc="upper left",
        bbox_to_anchor=(0.01, 1 - 0.4 / height), ncol=min(4, len(labels)), frameon=False,
        handletextpad=0.3, columnspacing=1.4,
    )  # fmt: skip
    fig.subplots_adjust(top=1 - head / height, wspace=0.1)
    return figure_svg(fig, prefix)


@styled
def quota_curve_svg(a: Audit, prefix: str = "quota", top: int = 6) -> str:
    """Power of the most powerful members and the smallest one as the quota moves, and the
    Gini coefficient of power."""
    curve = a.quota_curve
    if curve is None:
        return ""
    fig, (ax, ax2) = subplots(
        2, 1, figsize=(8.5, 5.2), sharex=True, gridspec_kw={"height_ratios": [3, 1.3]}
    )
    base = {m.name: m.banzhaf for m in a.members}
    order = sorted(range(len(curve.names)), key=lambda i: -base[curve.names[i]])
    chosen = order[:top] + ([order[-1]] if len(order) > top else [])
    total = curve.total_weight
    xs = [100 * q / total for q in curve.quotas]
    for c, i in enumerate(chosen):
        ys = [100 * to_float(row[i]) for row in curve.power]
        ax.plot(xs, ys, label=curve.names[i], color=CYCLE[c % len(CYCLE)], lw=1.4)
    for axis in (ax, ax2):
        axis.axvline(100 * curve.current / total, color="grey", ls="--", lw=1)
    ax.set_ylabel("Banzhaf power (%)")
    ax.set_title(f"Power as the quota moves (rule's quota {curve.current} of {total}, dashed)")
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), frameon=False)  # off the lines
    ax.grid(alpha=0.3)
    ax2.plot(xs, [to_float(g) for g in curve.gini], color=QUANTITY["gini"], lw=1.2)
    ax2.set_ylabel("Gini of power")
    ax2.set_xlabel("quota (% of total weight)")
    ax2.grid(alpha=0.3)
    return figure_svg(fig, prefix)


@styled
def citizen_svg(a: Audit, prefix: str = "citizen") -> str:
    """Citizen power relative to the mean, per unit, under each compared rule."""
    if not a.citizen:
        return ""
    given = a.citizen[1]
    order = sorted(range(len(given.units)), key=lambda j: -given.relative[j])
    names = [given.units[j] for j in order]
    n = len(names)
    fig, ax = subplots(figsize=(7.5, max(2.5, 0.17 * n + 1.3)))
    for c, rule in enumerate(a.citizen):
        ax.plot(
            [rule.relative[j] for j in order],
            range(n),
            marker="o" if c == 1 else ".",
            ls="none",
            ms=5 if c == 1 else 4,
            label=rule.label,
            color=CYCLE[c % len(CYCLE)],
        )
    ax.axvline(1.0, color="grey", lw=1)
    ax.set_yticks(range(n), names)
    ax.invert_yaxis()
    ax.set_xlabel("citizen power relative to the mean (1 = equal)")
    ax.set_title("Citizen-level power by unit (two-tier, Penrose measure)", loc="left", pad=30)
    ax.legend(loc="lower left", bbox_to_anchor=(0, 1.0), ncol=2, frameon=False)
    ax.grid(axis="x", alpha=0.3)
    return figure_svg(fig, prefix)


def power_svg(a: Audit, prefix: str = "power") -> str:
    """Banzhaf and Shapley-Shubik power per member beside seat and population shares: a dot
    plot sorted by Banzhaf power, most powerful on top."""
    rows = sorted(a.members, key=lambda m: -m.banzhaf)
    series: list[tuple[str, str, Sequence[float | None]]] = [
        ("Banzhaf power", QUANTITY["banzhaf"], [to_float(m.banzhaf) for m in rows]),
        ("Shapley-Shubik power", QUANTITY["shapley"], [to_float(m.shapley) for m in rows]),
    ]
    if any(m.seat_share is not None for m in rows):
        seats = [None if m.seat_share is None else to_float(m.seat_share) for m in rows]
        series.append(("seats", QUANTITY["seats"], seats))
    if any(m.population_share is not None for m in rows):
        pops = [None if m.population_share is None else to_float(m.population_share) for m in rows]
        series.append(("population", QUANTITY["population"], pops))
    return dots_svg([m.name for m in rows], series, "Power vs seats vs population", prefix)


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
