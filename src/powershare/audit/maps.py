"""Choropleth maps of an audit: seats per person, power per person and citizen power, by region.

Drawn with matplotlib alone (no GIS library): each region's rings become one
:class:`~matplotlib.patches.PathPatch` (holes kept), in a simple equirectangular projection
whose longitudes are scaled by the cosine of the map's middle latitude, so that shapes keep
their proportions near that latitude. Every panel shows a ratio to the average (1 = the
average), on one shared logarithmic, diverging, colour-blind-safe scale
(:data:`powershare.audit.palette.DIVERGING`): orange below the average, blue above.

The three panels (those the audit has figures for):

- **seats per person**: a region's seat share divided by its population share;
- **power per person**: its Banzhaf power share divided by its population share;
- **citizen power**: the two-tier power of one of its citizens, relative to the mean citizen
  (:mod:`powershare.audit.citizen`).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from powershare.audit.geometry import Regions
from powershare.audit.palette import DIVERGING, MISSING
from powershare.audit.plots import figure_svg, styled, subplots
from powershare.errors import import_optional
from powershare.games.numbers import to_float

if TYPE_CHECKING:
    from powershare.audit.audit import Audit

__all__ = ["MapPanel", "map_panels", "map_svg"]

MapPanel = tuple[str, dict[str, float]]
"""A panel: its title and the value (a ratio to the average) per member."""


def map_panels(a: Audit) -> list[MapPanel]:
    """The panels the audit has figures for (see the module docstring)."""
    panels: list[MapPanel] = []
    seats = {
        m.name: to_float(m.seat_share / m.population_share)
        for m in a.members
        if m.seat_share is not None and m.population_share
    }
    if seats:
        panels.append(("Seats per person", seats))
    power = {
        m.name: to_float(m.power_to_population)
        for m in a.members
        if m.power_to_population is not None
    }
    if power:
        panels.append(("Power per person (Banzhaf)", power))
    if a.citizen and len(a.citizen) > 1:
        given = a.citizen[1]
        panels.append(
            ("Citizen power (two-tier)", dict(zip(given.units, given.relative, strict=True)))
        )
    return panels


def _path(polygons: Sequence[Sequence[Sequence[tuple[float, float]]]], scale: float) -> Any:
    Path = import_optional("matplotlib.path", "maps").Path

    vertices: list[tuple[float, float]] = []
    codes: list[int] = []
    move, line, close = int(Path.MOVETO), int(Path.LINETO), int(Path.CLOSEPOLY)
    for polygon in polygons:
        for ring in polygon:
            pts = [(x * scale, y) for x, y in ring]
            vertices += [*pts, pts[0]]
            codes += [move] + [line] * (len(pts) - 1) + [close]
    return Path(vertices, codes)


def _ticks(limit: float) -> list[float]:
    candidates = [1 / 4, 1 / 3, 1 / 2, 2 / 3, 0.8, 1, 1.25, 1.5, 2, 3, 4]
    inside = [t for t in candidates if abs(math.log2(t)) <= limit + 1e-9]
    return inside if len(inside) >= 3 else [2**-limit, 1, 2**limit]


@styled
def map_svg(a: Audit, prefix: str = "map") -> str:
    """The audit's maps as inline SVG text, or ``""`` without boundaries or figures."""
    regions: Regions | None = a.scenario.geometry
    panels = map_panels(a)
    if regions is None or not panels:
        return ""
    colors = import_optional("matplotlib.colors", "maps")
    cm = import_optional("matplotlib.cm", "maps")
    patch = import_optional("matplotlib.patches", "maps").PathPatch

    west, south, east, north = regions.bounds()
    scale = math.cos(math.radians((south + north) / 2))
    width, height = (east - west) * scale, north - south
    logs = [
        abs(math.log2(v))
        for _, values in panels
        for name, v in values.items()
        if name in regions.shapes and v > 0
    ]
    limit = max(math.log2(1.25), max(logs, default=0.0))
    cmap = colors.LinearSegmentedColormap.from_list("powershare-diverging", list(DIVERGING))
    norm = colors.Normalize(-limit, limit)
    k = len(panels)
    panel_w = 12.0 / k if k > 1 else 7.0
    fig, axes = subplots(1, k, figsize=(panel_w * k, panel_w * height / width + 1.0), squeeze=False)
    paths = {name: _path(polys, scale) for name, polys in regions.shapes.items()}
    for ax, (title, values) in zip(axes[0], panels, strict=True):
        for name, path in paths.items():
            v = values.get(name)
            known = v is not None and v > 0
            ax.add_patch(
                patch(
                    path,
                    facecolor=cmap(norm(math.log2(v))) if known and v else MISSING,
                    edgecolor="white",
                    linewidth=0.4,
                    hatch=None if known else "////",
                )
            )
        ranked = sorted((v, n) for n, v in values.items() if n in paths)
        extremes = ", ".join(
            f"{label} {n} {v:.2f}" for label, (v, n) in (("high:", ranked[-1]), ("low:", ranked[0]))
        )
        ax.set_title(f"{title}\n{extremes}", fontsize=8)
        ax.set_xlim(west * scale, east * scale)
        ax.set_ylim(south, north)
        ax.set_aspect("equal")
        ax.set_axis_off()
    mappable = cm.ScalarMappable(norm=norm, cmap=cmap)
    bar = fig.colorbar(
        mappable, ax=axes[0].tolist(), orientation="horizontal", fraction=0.05, pad=0.03,
        aspect=40, shrink=0.6,
    )  # fmt: skip
    if bar.solids is not None:
        bar.solids.set_rasterized(False)  # vector, not an embedded image: self-contained SVG
    ticks = _ticks(limit)
    bar.set_ticks([math.log2(t) for t in ticks])
    bar.set_ticklabels([f"{t:.2f}".rstrip("0").rstrip(".") + "×" for t in ticks])
    bar.set_label(
        "ratio to the average (1× = average; orange below, blue above; hatched: no figure)"
    )
    return figure_svg(fig, prefix)
