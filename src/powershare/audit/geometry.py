"""Boundaries of a body's members for maps: GeoJSON read, checked and joined by member name.

:func:`read_geojson` takes a GeoJSON ``FeatureCollection`` of ``Polygon`` and ``MultiPolygon``
features (longitude, latitude; holes kept) and joins its features to the members by a name
property: the one given (``key``), else the string property whose values match the most member
names. Names match ignoring case, accents, spaces, hyphens and apostrophes. A feature whose
name matches no member is an error that lists those names beside the members' names (so that a
misspelling is found at once); members without a feature (e.g. a body's national seats) are
simply not on the map, and the report says so. Files are bounded by :data:`MAX_GEOJSON_BYTES`.

No GIS library is needed: a region is a list of rings of coordinates, drawn by
:mod:`powershare.audit.maps` with plain matplotlib patches.

>>> text = '''{"type": "FeatureCollection", "features": [
...   {"type": "Feature", "properties": {"NAME": "north"},
...    "geometry": {"type": "Polygon", "coordinates": [[[0, 1], [1, 1], [1, 2], [0, 1]]]}}]}'''
>>> regions = read_geojson(text, ["North", "South"], source="demo.geojson")
>>> regions.key, sorted(regions.shapes), regions.missing
('NAME', ['North'], ('South',))
"""

from __future__ import annotations

import json
import math
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from powershare.errors import InvalidInputError, ParseError
from powershare.games.fileformat import read_text_file
from powershare.games.numbers import to_float

__all__ = ["MAX_GEOJSON_BYTES", "Regions", "Ring", "read_geojson", "read_geojson_file"]

MAX_GEOJSON_BYTES = 20_000_000
"""Largest GeoJSON file read (20 MB); simplify larger boundaries first (e.g. mapshaper)."""

MAX_VERTICES = 2_000_000
"""Most vertices over all features."""

Ring = tuple[tuple[float, float], ...]
"""A closed ring of ``(longitude, latitude)`` points."""


@dataclass(frozen=True)
class Regions:
    """Member regions for maps.

    Attributes
    ----------
    shapes
        Per member name: its polygons, each a tuple of rings (the outer ring, then holes).
    key
        The feature property joined to the member names.
    source
        Where the boundaries come from (a file name).
    missing
        Members without a region (not on the map).
    """

    shapes: dict[str, tuple[tuple[Ring, ...], ...]]
    key: str
    source: str
    missing: tuple[str, ...] = ()

    def bounds(self) -> tuple[float, float, float, float]:
        """``(west, south, east, north)`` over every region."""
        xs = [x for polys in self.shapes.values() for p in polys for r in p for x, _ in r]
        ys = [y for polys in self.shapes.values() for p in polys for r in p for _, y in r]
        return min(xs), min(ys), max(xs), max(ys)


def _norm(name: str) -> str:
    text = unicodedata.normalize("NFKD", name).casefold()
    return "".join(c for c in text if c.isalnum())


def _ring(raw: Any, where: str) -> Ring:
    if not isinstance(raw, list) or len(raw) < 4:
        raise ParseError(f"{where}: a ring needs a list of at least 4 [longitude, latitude] points")
    points = []
    for point in raw:
        if (
            not isinstance(point, list)
            or len(point) < 2
            or not all(isinstance(v, int | float) and math.isfinite(v) for v in point[:2])
        ):
            raise ParseError(f"{where}: point {str(point)[:40]!r} is not [longitude, latitude]")
        lon, lat = to_float(point[0]), to_float(point[1])
        if not (-180 <= lon <= 180 and -90 <= lat <= 90):
            raise ParseError(
                f"{where}: point [{lon}, {lat}] is outside longitude -180..180, latitude -90..90 "
                "(GeoJSON coordinates are WGS 84 degrees)"
            )
        points.append((lon, lat))
    return tuple(points)


def _polygons(geometry: Any, where: str) -> tuple[tuple[Ring, ...], ...]:
    if not isinstance(geometry, dict):
        raise ParseError(f"{where}: no geometry")
    kind, coords = geometry.get("type"), geometry.get("coordinates")
    if kind == "Polygon":
        polys = [coords]
    elif kind == "MultiPolygon":
        polys = coords if isinstance(coords, list) else [None]
    else:
        raise ParseError(f"{where}: geometry type {kind!r}; allowed: Polygon, MultiPolygon")
    out = []
    for poly in polys:
        if not isinstance(poly, list) or not poly:
            raise ParseError(f"{where}: a polygon needs a list of rings")
        out.append(tuple(_ring(r, where) for r in poly))
    return tuple(out)


def _choose_key(features: list[dict[str, Any]], names: Sequence[str], source: str) -> str:
    wanted = {_norm(n) for n in names}
    scores: dict[str, int] = {}
    for f in features:
        for prop, value in (f.get("properties") or {}).items():
            if isinstance(value, str):
                scores[prop] = scores.get(prop, 0) + (_norm(value) in wanted)
    if not scores:
        raise ParseError(f"{source}: the features have no text properties to join by name")
    best = max(scores, key=lambda k: scores[k])
    if scores[best] == 0:
        raise InvalidInputError(
            f"{source}: no feature property matches the member names "
            f"({', '.join(list(names)[:8])}{', ...' if len(names) > 8 else ''}); properties: "
            f"{', '.join(sorted(scores))}; name the right one with --map-key"
        )
    return best


def read_geojson(
    text: str, names: Sequence[str], *, key: str | None = None, source: str = "GeoJSON"
) -> Regions:
    """The regions of the members ``names`` from GeoJSON ``text`` (see the module docstring).

    Raises
    ------
    ParseError
        Not a FeatureCollection of polygons, or too large.
    InvalidInputError
        The key property is missing, or some features name no member (listed).
    """
    if len(text.encode("utf-8")) > MAX_GEOJSON_BYTES:
        raise ParseError(
            f"{source}: larger than {MAX_GEOJSON_BYTES // 1_000_000} MB; simplify the boundaries "
            "first (e.g. with mapshaper)"
        )
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ParseError(f"{source}: not JSON ({exc.msg}, line {exc.lineno})") from None
    if not isinstance(data, dict) or data.get("type") != "FeatureCollection":
        raise ParseError(f"{source}: not a GeoJSON FeatureCollection")
    features = data.get("features")
    if not isinstance(features, list) or not features:
        raise ParseError(f"{source}: the FeatureCollection has no features")
    features = [f for f in features if isinstance(f, dict)]
    if key is None:
        key = _choose_key(features, names, source)
    by_norm = {_norm(n): n for n in names}
    shapes: dict[str, list[tuple[Ring, ...]]] = {}
    unmatched: list[str] = []
    vertices = 0
    for i, f in enumerate(features):
        props = f.get("properties") or {}
        if key not in props:
            raise InvalidInputError(
                f"{source}: feature {i + 1} has no property {key!r}; it has "
                f"{', '.join(sorted(props)) or 'none'}"
            )
        label = str(props[key])
        member = by_norm.get(_norm(label))
        if member is None:
            unmatched.append(label)
            continue
        polys = _polygons(f.get("geometry"), f"{source}, feature {label!r}")
        vertices += sum(len(r) for p in polys for r in p)
        if vertices > MAX_VERTICES:
            raise ParseError(f"{source}: more than {MAX_VERTICES:,} vertices; simplify it first")
        shapes.setdefault(member, []).extend(polys)
    if unmatched:
        shown = ", ".join(sorted(unmatched)[:20]) + (" ..." if len(unmatched) > 20 else "")
        raise InvalidInputError(
            f"{source}: {len(unmatched)} region(s) by {key!r} match no member: {shown}; the "
            f"members are {', '.join(names)} (names match ignoring case, accents, spaces and "
            "hyphens; fix the spelling, remove those features or choose --map-key)"
        )
    missing = tuple(n for n in names if n not in shapes)
    return Regions({k: tuple(v) for k, v in shapes.items()}, key, source, missing)


def read_geojson_file(path: str | Path, names: Sequence[str], key: str | None = None) -> Regions:
    """:func:`read_geojson` of a file, refusing files over :data:`MAX_GEOJSON_BYTES` unread."""
    p = Path(path)
    text = read_text_file(p, what="map file", max_bytes=MAX_GEOJSON_BYTES)
    return read_geojson(text, names, key=key, source=p.name)
