"""Geometry for the explorer's map: area outlines, extents, the view that fits them and
where a point lands on screen.

Why: the graph holds a boundary for every grid but not always for the communities and
districts above them (the input format leaves an area's boundary optional). The map
still outlines and labels them, from the union of their grids when they have no
boundary of their own. The view is computed here, not left to the browser, so that
the page opens on the grids shown and a test can tell which pixel a grid is under.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from shapely import unary_union
from shapely.geometry import MultiPolygon, Polygon, shape
from shapely.geometry.base import BaseGeometry

from gridnet.explorer.mapview import WKTError, parse_boundary

__all__ = [
    "Bounds",
    "TILE_SIZE",
    "bounds",
    "geometry",
    "outlines",
    "pixel",
    "polygons",
    "view",
]

Bounds = tuple[float, float, float, float]  # min lon, min lat, max lon, max lat
TILE_SIZE = 512  # deck.gl's Web Mercator: the world is 512 px wide at zoom 0
MAX_ZOOM = 18.0


def geometry(value: Any) -> BaseGeometry | None:
    """A shapely (Multi)Polygon from a boundary (WKT, GeoJSON text or mapping); None if
    empty or unreadable (one bad boundary must not blank the map).

    >>> geometry("POLYGON((0 0, 2 0, 2 2, 0 2, 0 0))").area
    4.0
    >>> geometry("not a polygon") is None
    True
    """
    try:
        parsed = parse_boundary(value)
    except WKTError:
        return None
    if parsed is None:
        return None
    found = shape(parsed)
    return found if not found.is_empty else None


def polygons(geom: BaseGeometry) -> list[list[list[list[float]]]]:
    """Each polygon of `geom` as rings of [lon, lat] (exterior first, then holes)."""
    parts = list(geom.geoms) if isinstance(geom, MultiPolygon) else [geom]
    out = []
    for part in parts:
        if isinstance(part, Polygon) and not part.is_empty:
            rings = [part.exterior, *part.interiors]
            out.append([[[float(x), float(y)] for x, y, *_ in ring.coords] for ring in rings])
    return out


def outlines(
    areas: Iterable[Mapping[str, Any]], grids: Sequence[Mapping[str, Any]]
) -> list[dict[str, Any]]:
    """One outline per district, community or village: its own boundary, else the union
    of its grids' boundaries; areas with neither are left out.

    Each outline has the area's ``area_id``, ``name``, ``level``, ``district``, its
    ``paths`` (closed rings of [lon, lat]) and ``label_at``, a [lon, lat] inside it
    (its own centroid when the graph has one).
    """
    by_community: dict[str, list[BaseGeometry]] = {}
    by_district: dict[str, list[BaseGeometry]] = {}
    for grid in grids:
        geom = geometry(grid.get("boundary"))
        if geom is None:
            continue
        by_community.setdefault(str(grid.get("community_id")), []).append(geom)
        by_district.setdefault(str(grid.get("district")), []).append(geom)
    out = []
    for area in areas:
        own = geometry(area.get("boundary"))
        if own is None:
            pieces = (by_district if area["level"] == "district" else by_community).get(
                str(area["name"] if area["level"] == "district" else area["area_id"]), []
            )
            own = unary_union(pieces).buffer(0) if pieces else None
        if own is None or own.is_empty:
            continue
        if area.get("lat") is not None and area.get("lon") is not None:
            label_at = [float(area["lon"]), float(area["lat"])]
        else:
            point = own.representative_point()
            label_at = [float(point.x), float(point.y)]
        out.append(
            {
                "area_id": area["area_id"],
                "name": area["name"],
                "level": area["level"],
                "district": area.get("district"),
                "paths": [ring for poly in polygons(own) for ring in poly],
                "label_at": label_at,
            }
        )
    return out


def bounds(points: Iterable[Sequence[float]]) -> Bounds | None:
    """The extent of [lon, lat] points; None when there are none.

    >>> bounds([[113.9, 30.9], [113.95, 30.96]])
    (113.9, 30.9, 113.95, 30.96)
    """
    lons, lats = [], []
    for lon, lat, *_ in points:
        lons.append(float(lon))
        lats.append(float(lat))
    if not lons:
        return None
    return min(lons), min(lats), max(lons), max(lats)


def _mercator_y(lat: float) -> float:
    """Web Mercator y of a latitude, in world units (the world is 1 wide)."""
    phi = math.radians(max(-85.05, min(85.05, lat)))
    return (math.pi - math.log(math.tan(math.pi / 4 + phi / 2))) / (2 * math.pi)


def view(box: Bounds, width: int, height: int, padding: float = 0.08) -> dict[str, float]:
    """The centre and zoom at which `box` fills a `width` × `height` px map, with
    `padding` (a share of each side) left around it.

    >>> v = view((113.90, 30.90, 113.92, 30.91), 800, 600)
    >>> round(v["longitude"], 3), round(v["latitude"], 3), round(v["zoom"], 2)
    (113.91, 30.905, 14.53)
    """
    x0, y0, x1, y1 = box
    span_x = max((x1 - x0) / 360.0, 1e-9)
    span_y = max(abs(_mercator_y(y0) - _mercator_y(y1)), 1e-9)
    usable = 1 - 2 * padding
    zoom_x = math.log2(width * usable / (TILE_SIZE * span_x))
    zoom_y = math.log2(height * usable / (TILE_SIZE * span_y))
    centre_y = (_mercator_y(y0) + _mercator_y(y1)) / 2
    lat = math.degrees(2 * math.atan(math.exp(math.pi - 2 * math.pi * centre_y)) - math.pi / 2)
    return {
        "longitude": (x0 + x1) / 2,
        "latitude": lat,
        "zoom": max(0.0, min(MAX_ZOOM, zoom_x, zoom_y)),
    }


def pixel(
    at: Mapping[str, float], lon: float, lat: float, width: int, height: int
) -> tuple[float, float]:
    """Where (lon, lat) is drawn in a `width` × `height` px map showing view `at`
    (pixels from the map's top-left corner).

    >>> v = view((113.90, 30.90, 113.92, 30.91), 800, 600)
    >>> [round(p) for p in pixel(v, v["longitude"], v["latitude"], 800, 600)]
    [400, 300]
    """
    scale = TILE_SIZE * 2 ** at["zoom"]
    x = width / 2 + (lon - at["longitude"]) / 360.0 * scale
    y = height / 2 + (_mercator_y(lat) - _mercator_y(at["latitude"])) * scale
    return x, y
