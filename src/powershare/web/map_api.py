"""The route of the audit's choropleth maps: seats, power and citizen power per person.

``POST /api/audit/map`` audits the edited scenario (as the report does, without the quota
curve and what-ifs) and answers the maps of :func:`powershare.audit.maps.map_svg`, the same
figure as the report's *Maps* section, as a standalone SVG document inside JSON.  The
boundaries are the shipped dataset's (carried by :func:`powershare.web.service.
dataset_audit_extras`), or a GeoJSON file the page read and sent as text, joined by member
name with :func:`powershare.audit.geometry.read_geojson` (a feature naming no member is a 400
that lists it).  A body without boundaries gets a plain answer (``svg: null`` and a note),
not an error.  The work runs in the runner under the time budget, as the other audit routes.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from fastapi import APIRouter

from powershare.audit import audit
from powershare.audit.geometry import read_geojson
from powershare.audit.maps import map_panels, map_svg
from powershare.errors import InvalidInputError
from powershare.web import service
from powershare.web.analysis_api import audit_scenario
from powershare.web.deps import ERRORS, RunnerDep, SettingsDep
from powershare.web.models import MapRequest

__all__ = ["map_work", "router", "standalone_svg"]

router = APIRouter(prefix="/api")
SVG_NS = "http://www.w3.org/2000/svg"
NO_BOUNDARIES = (
    "No boundaries for this body's members, so no map. Shipped bodies of provinces carry "
    "theirs (afghanistan, afghanistan-wolesi-jirga); for another body, upload a GeoJSON file "
    "of its members' boundaries (a FeatureCollection of polygons whose name property matches "
    "the member names)."
)


def standalone_svg(svg: str) -> str:
    """Inline SVG text (as in the report) as a standalone SVG document (with its namespace),
    which a browser shows as an image (``<img src="data:image/svg+xml,...">``).

    >>> standalone_svg('<svg role="img"><path/></svg>')
    '<svg xmlns="http://www.w3.org/2000/svg" role="img"><path/></svg>'
    """
    if "xmlns=" in svg.split(">", 1)[0]:
        return svg
    return svg.replace("<svg", f'<svg xmlns="{SVG_NS}"', 1)


def map_work(req: MapRequest, settings: service.Settings) -> dict[str, Any]:
    """The maps of a request (runs in a worker)."""
    result = service.build(req.scenario, settings)
    scenario = audit_scenario(req.scenario, result)
    if req.geojson is not None:
        source = (req.filename or "uploaded GeoJSON").strip() or "uploaded GeoJSON"
        try:
            uploaded = read_geojson(req.geojson, result.game.names, key=req.key, source=source)
        except InvalidInputError as exc:
            # the library names the CLI's option; here the name property is the request's key
            message = str(exc).replace("choose --map-key", "name the property as 'key'")
            raise type(exc)(message.replace("with --map-key", "as 'key'")) from None
        scenario = replace(scenario, geometry=uploaded)
    regions = scenario.geometry
    if regions is None:
        return {"svg": None, "panels": [], "regions": 0, "note": NO_BOUNDARIES}
    a = audit(scenario, what_ifs=False, curve=False)
    panels = map_panels(a)
    svg = map_svg(a, prefix="webmap")
    if not svg:
        return {
            "svg": None,
            "panels": [],
            "regions": len(regions.shapes),
            "note": "The members have boundaries but no figures to map: give them populations "
            "(a population column) for seats and power per person.",
        }
    return {
        "svg": standalone_svg(svg),
        "panels": [title for title, _ in panels],
        "regions": len(regions.shapes),
        "missing": list(regions.missing),
        "source": regions.source,
        "key": regions.key,
        "note": None,
    }


@router.post("/audit/map", responses=ERRORS)
async def audit_map(req: MapRequest, settings: SettingsDep, runner: RunnerDep) -> dict[str, Any]:
    """Choropleth maps (seats, power and citizen power per person) as an SVG document.

    ``svg`` is the report's map figure (``null`` without boundaries, with a ``note``);
    ``panels`` its panel titles; ``regions`` how many members are on the map; ``missing``
    the members without a boundary; ``source`` and ``key`` where the boundaries come from and
    the property joined to the member names.
    """
    return await runner.run_in_process(settings.max_seconds * 2, map_work, req, settings)
