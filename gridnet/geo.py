"""Plain geometry on WGS84 degrees: China's bounds, great-circle distance, polygons.

Why plain Python: the loader checks every building and household against its
grid's boundary and the siting command measures distances for a few thousand
households; neither needs a GIS stack. Distances are great-circle (haversine) on
a sphere of radius 6,378,140 m, the sphere Neo4j's ``point.distance`` uses for
WGS84 points, so the siting command and the gap ``category_out_of_reach`` agree to
the centimetre (the ellipsoid differs by less than 0.5 % at these latitudes).

>>> round(haversine_m(30.92, 113.91, 30.93, 113.91))
1113
>>> in_china(30.92, 113.91), in_china(113.91, 30.92)
(True, False)
>>> square = parse_polygon("POLYGON((113.9 30.9, 114.0 30.9, 114.0 31.0, 113.9 31.0, 113.9 30.9))")
>>> contains(square, 30.95, 113.95), contains(square, 31.05, 113.95)
(True, False)
"""

from __future__ import annotations

import json
import math
import re
from typing import Any

__all__ = [
    "CHINA",
    "EARTH_RADIUS_M",
    "Polygon",
    "contains",
    "haversine_m",
    "in_china",
    "looks_swapped",
    "parse_polygon",
]

EARTH_RADIUS_M = 6_378_140.0
"""The radius Neo4j uses for WGS84 point distances (its mean-radius error: +0.11 %)."""

CHINA = (18.0, 54.0, 73.0, 135.1)
"""(lat min, lat max, lon min, lon max): the bounding box of mainland China and Hainan
(Zengmu Ansha left out), generous by a fraction of a degree."""

Polygon = list[list[list[tuple[float, float]]]]
"""Polygons, each a list of rings (outer first, then holes) of (lon, lat) points."""

_RING = re.compile(r"\(([^()]+)\)")


def haversine_m(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in metres between two WGS84 points."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_M * math.asin(min(1.0, math.sqrt(a)))


def in_china(lat: float, lon: float) -> bool:
    """Whether (lat, lon) lies inside `CHINA`'s bounding box."""
    lat0, lat1, lon0, lon1 = CHINA
    return lat0 <= lat <= lat1 and lon0 <= lon <= lon1


def looks_swapped(lat: float, lon: float) -> bool:
    """The common mistake: latitude and longitude typed in each other's column."""
    return not in_china(lat, lon) and in_china(lon, lat)


def parse_polygon(boundary: str) -> Polygon:
    """The polygons of a WKT ``POLYGON`` / ``MULTIPOLYGON`` (as the loader stores it).

    GeoJSON text is accepted too; anything else gives an empty list.
    """
    text = boundary.strip()
    if text.startswith("{"):
        return _geojson(json.loads(text))
    upper = text.upper()
    if upper.startswith("MULTIPOLYGON"):
        body = text[text.index("(") + 1 : text.rindex(")")]
        parts = re.findall(r"\((\s*\([^()]+\)(?:\s*,\s*\([^()]+\))*\s*)\)", body)
        return [_rings(part) for part in parts]
    if upper.startswith("POLYGON"):
        return [_rings(text)]
    return []


def _rings(text: str) -> list[list[tuple[float, float]]]:
    rings = []
    for ring in _RING.findall(text):
        points = []
        for pair in ring.split(","):
            x, y = pair.split()[:2]
            points.append((float(x), float(y)))
        rings.append(points)
    return rings


def _geojson(geo: Any) -> Polygon:
    if geo.get("type") == "Feature":
        geo = geo.get("geometry") or {}
    coords = geo.get("coordinates") or []
    polygons = [coords] if geo.get("type") == "Polygon" else coords
    return [[[(float(p[0]), float(p[1])) for p in ring] for ring in poly] for poly in polygons]


def _in_ring(ring: list[tuple[float, float]], x: float, y: float) -> bool:
    inside = False
    j = len(ring) - 1
    for i, (xi, yi) in enumerate(ring):
        xj, yj = ring[j]
        if (yi > y) != (yj > y) and x < (xj - xi) * (y - yi) / (yj - yi) + xi:
            inside = not inside
        j = i
    return inside


def contains(polygon: Polygon, lat: float, lon: float) -> bool:
    """Whether (lat, lon) lies inside one of the polygons (in its outer ring, not a hole).

    Points exactly on an edge may fall either way; an empty polygon contains nothing.
    """
    for rings in polygon:
        if rings and _in_ring(rings[0], lon, lat):
            if not any(_in_ring(hole, lon, lat) for hole in rings[1:]):
                return True
    return False
