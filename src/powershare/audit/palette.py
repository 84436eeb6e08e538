"""The one colour palette of powershare's plots, maps and web app: Okabe & Ito's (2008)
colour-blind-safe palette, with a fixed colour per quantity.

A quantity keeps its colour in every report and in the web app (``web/static/app.css`` copies
these hex values and names this module): power is blue, Shapley-Shubik power orange, seats
green, population purple. Lines drawn for several members take :data:`CYCLE` in order. Maps
use :data:`DIVERGING`, orange (below the average) through white (the average) to blue (above),
which stays readable for every common kind of colour blindness.

Reference: Okabe, M. & Ito, K. (2008), *Color Universal Design (CUD): how to make figures and
presentations that are friendly to colorblind people*, J*FLY.

>>> QUANTITY["power"], QUANTITY["population"]
('#0072B2', '#CC79A7')
>>> len(set(CYCLE)) == len(CYCLE)
True
"""

from __future__ import annotations

__all__ = ["CYCLE", "DIVERGING", "MISSING", "OKABE_ITO", "QUANTITY", "color_for"]

OKABE_ITO: dict[str, str] = {
    "black": "#000000",
    "orange": "#E69F00",
    "sky blue": "#56B4E9",
    "bluish green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "reddish purple": "#CC79A7",
}
"""The eight colours of Okabe & Ito (2008)."""

QUANTITY: dict[str, str] = {
    "power": OKABE_ITO["blue"],
    "banzhaf": OKABE_ITO["blue"],
    "shapley": OKABE_ITO["orange"],
    "seats": OKABE_ITO["bluish green"],
    "population": OKABE_ITO["reddish purple"],
    "gini": OKABE_ITO["black"],
}
"""The colour of each quantity, the same in every plot and in the web app."""

CYCLE: tuple[str, ...] = tuple(
    OKABE_ITO[k]
    for k in ("blue", "vermillion", "bluish green", "orange", "reddish purple", "sky blue", "black")
)
"""Colours for several members' lines, in order (yellow left out: too light on white)."""

DIVERGING: tuple[str, ...] = ("#B35806", "#E69F00", "#F7F7F7", "#56B4E9", "#0072B2")
"""Stops of the maps' diverging scale: below the average (orange), the average (light grey),
above the average (blue)."""

MISSING = "#D9D9D9"
"""Fill of a map region without a figure (hatched in the maps)."""


def color_for(quantity: str, position: int = 0) -> str:
    """The colour of ``quantity`` (a key of :data:`QUANTITY`), else the ``position``-th colour of
    :data:`CYCLE`.

    >>> color_for("seats"), color_for("Kabul", 1)
    ('#009E73', '#D55E00')
    """
    return QUANTITY.get(quantity, CYCLE[position % len(CYCLE)])
