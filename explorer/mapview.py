"""Boundaries as GeoJSON, and the Siting page's map: an Altair chart without a tile server.

The explorer must work offline, so grids are drawn from their own boundaries on
a plain background (the Map page draws them with deck.gl, `gridnet.explorer.gridmap`).
Boundaries arrive as WKT ``POLYGON``/``MULTIPOLYGON`` text or as GeoJSON text (the
input format allows both).

Vega draws with d3-geo, which treats a ring's winding as meaningful on the
sphere: a counter-clockwise exterior ring (the GeoJSON convention) would mean
"the whole world except this grid". Rings are therefore rewound clockwise.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import altair as alt

from gridnet.explorer.i18n import N_, _

__all__ = [
    "PLATFORM_COLORS",
    "PLATFORM_ORDER",
    "REACH_COLORS",
    "REACH_ORDER",
    "WKTError",
    "features",
    "parse_boundary",
    "parse_wkt",
    "rewind_clockwise",
    "ring",
    "siting_chart",
]

Ring = list[list[float]]

# Households on the siting map, by reach (queries/siting.reach_points).
REACH_ORDER = [N_("reached"), N_("reached once added"), N_("out of reach")]
REACH_COLORS = ["#16a34a", "#2563eb", "#dc2626"]
# Platforms on the siting map: those offering the chosen category, the others.
PLATFORM_ORDER = [N_("offers the category"), N_("other platform")]
PLATFORM_COLORS = ["#f59e0b", "#9ca3af"]
_RING_COLORS = ["#7c3aed", "#a855f7", "#d8b4fe"]


class WKTError(ValueError):
    """A boundary text that is neither WKT (Multi)Polygon nor GeoJSON."""


_NUMBER = r"[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?"
_PAIR = re.compile(rf"\s*({_NUMBER})\s+({_NUMBER})(?:\s+{_NUMBER})*\s*")


def _ring(text: str) -> Ring:
    points = []
    for part in text.split(","):
        m = _PAIR.fullmatch(part)
        if not m:
            raise WKTError(f"bad coordinate pair {part.strip()!r}")
        points.append([float(m.group(1)), float(m.group(2))])
    if len(points) < 3:
        raise WKTError("a ring needs at least 3 points")
    if points[0] != points[-1]:
        points.append(list(points[0]))
    return points


def _polygon_body(text: str) -> list[Ring]:
    """Rings of one polygon body ``(x y, ...), (x y, ...)``, outer parens removed."""
    rings = re.findall(r"\(([^()]*)\)", text)
    if not rings:
        raise WKTError("polygon without rings")
    return [_ring(r) for r in rings]


def parse_wkt(text: str) -> dict[str, Any]:
    """A GeoJSON geometry from WKT ``POLYGON`` or ``MULTIPOLYGON`` (Z/M ordinates ignored).

    >>> parse_wkt("POLYGON((0 0, 1 0, 1 1, 0 0))")["type"]
    'Polygon'
    """
    src = text.strip()
    m = re.fullmatch(r"(?is)(MULTI)?POLYGON\s*(?:Z|M|ZM)?\s*\((.*)\)", src)
    if not m:
        raise WKTError(f"not a WKT polygon: {src[:40]!r}")
    body = m.group(2)
    if m.group(1):
        polys = re.findall(r"\(\s*(\([^()]*\)(?:\s*,\s*\([^()]*\))*)\s*\)", body)
        if not polys:
            raise WKTError("multipolygon without polygons")
        return {"type": "MultiPolygon", "coordinates": [_polygon_body(p) for p in polys]}
    return {"type": "Polygon", "coordinates": _polygon_body(body)}


def parse_boundary(value: Any) -> dict[str, Any] | None:
    """A GeoJSON geometry from WKT text, GeoJSON text or a GeoJSON mapping; None if empty."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, Mapping):
        geometry = dict(value)
    elif isinstance(value, str) and value.lstrip().startswith("{"):
        try:
            geometry = json.loads(value)
        except json.JSONDecodeError as exc:
            raise WKTError(f"bad GeoJSON: {exc}") from exc
    elif isinstance(value, str):
        return parse_wkt(value)
    else:
        raise WKTError(f"unsupported boundary value of type {type(value).__name__}")
    if geometry.get("type") == "Feature":
        geometry = geometry.get("geometry") or {}
    if geometry.get("type") not in ("Polygon", "MultiPolygon"):
        raise WKTError(f"not a polygon geometry: {geometry.get('type')!r}")
    return geometry


def _signed_area(ring: Sequence[Sequence[float]]) -> float:
    """Shoelace area in (lon, lat): positive for counter-clockwise."""
    return (
        sum(x1 * y2 - x2 * y1 for (x1, y1, *_), (x2, y2, *_) in zip(ring, ring[1:], strict=False))
        / 2.0
    )


def rewind_clockwise(geometry: Mapping[str, Any]) -> dict[str, Any]:
    """Exterior rings clockwise, holes counter-clockwise: what d3-geo expects."""

    def fix(rings: list[Ring]) -> list[Ring]:
        out = []
        for i, ring in enumerate(rings):
            ccw = _signed_area(ring) > 0
            want_ccw = i > 0
            out.append(list(reversed(ring)) if ccw != want_ccw else list(ring))
        return out

    if geometry["type"] == "Polygon":
        return {"type": "Polygon", "coordinates": fix(geometry["coordinates"])}
    return {"type": "MultiPolygon", "coordinates": [fix(p) for p in geometry["coordinates"]]}


def features(
    rows: Iterable[Mapping[str, Any]], boundary_key: str = "boundary"
) -> tuple[list[dict[str, Any]], list[str]]:
    """GeoJSON features (properties = the row without its boundary) and ids left out.

    Rows without a usable boundary are reported, not drawn, so one bad grid does
    not blank the map.
    """
    out: list[dict[str, Any]] = []
    skipped: list[str] = []
    for row in rows:
        props = {k: v for k, v in row.items() if k != boundary_key}
        try:
            geometry = parse_boundary(row.get(boundary_key))
        except WKTError:
            geometry = None
        if geometry is None:
            skipped.append(str(row.get("grid_id", row.get("id", "?"))))
            continue
        out.append({"type": "Feature", "geometry": rewind_clockwise(geometry), "properties": props})
    return out, skipped


def ring(lat: float, lon: float, metres: float, steps: int = 72) -> list[list[float]]:
    """A circle of `metres` around (lat, lon) as a closed [lon, lat] line (a sphere of
    6,378,140 m, the one `gridnet.geo` and Neo4j measure on).

    >>> pts = ring(30.92, 113.91, 1000.0, steps=4)
    >>> len(pts), pts[0] == pts[-1], round(pts[0][1] - 30.92, 5)
    (5, True, 0.00898)
    """
    import math

    radius = 6_378_140.0
    out = []
    for k in range(steps + 1):
        bearing = 2 * math.pi * (k % steps) / steps
        d_lat = metres * math.cos(bearing) / radius
        d_lon = metres * math.sin(bearing) / (radius * math.cos(math.radians(lat)))
        out.append([lon + math.degrees(d_lon), lat + math.degrees(d_lat)])
    return out


def siting_chart(
    grids: list[dict[str, Any]],
    points: Sequence[Mapping[str, Any]],
    platforms: Sequence[Mapping[str, Any]],
    sites: Sequence[Mapping[str, Any]],
    rings: Sequence[tuple[int, list[list[float]]]],
    *,
    height: int = 560,
) -> alt.LayerChart:
    """The siting map, offline: grid outlines, the 5/10/15-minute rings of one platform,
    households coloured by reach, platforms by whether they offer the category, and
    the proposed sites, on one Mercator projection (no tile server)."""
    layers: list[alt.Chart] = []
    if grids:
        outline = alt.Data(values=grids)  # type: ignore[no-untyped-call]
        layers.append(
            alt.Chart(outline)
            .mark_geoshape(fill="#eeeeea", stroke="#888888", strokeWidth=0.6)
            .encode(tooltip=[alt.Tooltip("properties.grid:N", title=_("Grid"))])
        )
    rings_named = [
        (_("{minutes} min").format(minutes=minutes), coords) for minutes, coords in rings
    ]
    if rings:
        lines = [
            {
                "type": "Feature",
                "geometry": {"type": "LineString", "coordinates": coords},
                "properties": {"ring": name},
            }
            for name, coords in rings_named
        ]
        layers.append(
            alt.Chart(alt.Data(values=lines))  # type: ignore[no-untyped-call]
            .mark_geoshape(filled=False, strokeWidth=2, strokeDash=[6, 3])
            .encode(
                stroke=alt.Stroke(
                    "properties.ring:N",
                    title=_("Life circle"),
                    scale=alt.Scale(domain=[r for r, _ in rings_named], range=_RING_COLORS),
                ),
                tooltip=[alt.Tooltip("properties.ring:N", title=_("Life circle"))],
            )
        )
    if points:
        layers.append(
            alt.Chart(alt.Data(values=list(points)))  # type: ignore[no-untyped-call]
            .mark_circle(opacity=0.85)
            .encode(
                longitude="lon:Q",
                latitude="lat:Q",
                size=alt.Size("households:Q", title=_("Households"), legend=None),
                color=alt.Color(
                    "reach_label:N",
                    title=_("Walking reach"),
                    scale=alt.Scale(domain=[_(r) for r in REACH_ORDER], range=REACH_COLORS),
                ),
                tooltip=[
                    alt.Tooltip("reach_label:N", title=_("Walking reach")),
                    alt.Tooltip("households:Q", title=_("Households")),
                ],
            )
        )
    if platforms:
        layers.append(
            alt.Chart(alt.Data(values=list(platforms)))  # type: ignore[no-untyped-call]
            .mark_square(size=140, stroke="#111111", strokeWidth=1)
            .encode(
                longitude="lon:Q",
                latitude="lat:Q",
                color=alt.Color(
                    "offers_label:N",
                    title=_("Platform"),
                    scale=alt.Scale(domain=[_(p) for p in PLATFORM_ORDER], range=PLATFORM_COLORS),
                ),
                tooltip=[
                    alt.Tooltip("name:N", title=_("Platform")),
                    alt.Tooltip("platform:N", title="id"),
                    alt.Tooltip("category_list:N", title=_("Service categories")),
                ],
            )
        )
    if sites:
        layers.append(
            alt.Chart(alt.Data(values=list(sites)))  # type: ignore[no-untyped-call]
            .mark_point(shape="diamond", size=260, filled=True, color="#000000")
            .encode(
                longitude="lon:Q",
                latitude="lat:Q",
                tooltip=[
                    alt.Tooltip("name:N", title=_("Proposed site")),
                    alt.Tooltip("site:N", title="id"),
                    alt.Tooltip("adds:Q", title=_("Households it adds")),
                ],
            )
        )
    chart: alt.LayerChart = (
        alt.layer(*layers, height=height)
        .project(type="mercator")
        .resolve_scale(color="independent")
        .configure_view(fill="#f5f5f0", stroke=None)
    )
    return chart
