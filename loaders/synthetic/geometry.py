"""Rectangles in lon/lat: tiling a parent area into children, centroids, boundaries.

Areas and grids are axis-aligned rectangles so that children tile their parent
exactly and neighbours in generation order stay neighbours on the map; the
rows carry a centroid and a WKT polygon.
"""

from __future__ import annotations

import math
import random
from collections.abc import Sequence

from gridnet.loaders.synthetic.sinks import Row

KM_PER_DEG_LAT = 111.0
KM_PER_DEG_LON = 111.0 * math.cos(math.radians(30.92))  # at Xiaogan's latitude

Rect = tuple[float, float, float, float]  # lon0, lat0, lon1, lat1


def treemap(rect: Rect, weights: Sequence[float]) -> list[Rect]:
    """Split ``rect`` into len(weights) rectangles with areas ∝ weights, order kept.

    Binary slice along the longer side (in km): neighbours in the list end up
    neighbours on the map, and the pieces tile the rectangle exactly.
    """
    if len(weights) == 1:
        return [rect]
    total = sum(weights)
    acc, k, best = 0.0, 1, float("inf")
    for i in range(1, len(weights)):
        acc += weights[i - 1]
        diff = abs(acc - total / 2)
        if diff < best:
            best, k = diff, i
    share = sum(weights[:k]) / total
    x0, y0, x1, y1 = rect
    if (x1 - x0) * KM_PER_DEG_LON >= (y1 - y0) * KM_PER_DEG_LAT:
        xm = x0 + (x1 - x0) * share
        a, b = (x0, y0, xm, y1), (xm, y0, x1, y1)
    else:
        ym = y1 - (y1 - y0) * share  # first pieces to the north
        a, b = (x0, ym, x1, y1), (x0, y0, x1, ym)
    return treemap(a, weights[:k]) + treemap(b, weights[k:])


def geo(rect: Rect) -> Row:
    """Centroid and WKT boundary columns of an area or grid row."""
    x0, y0, x1, y1 = (round(v, 6) for v in rect)
    ring = f"{x0} {y0}, {x1} {y0}, {x1} {y1}, {x0} {y1}, {x0} {y0}"
    return {
        "centroid_lat": round((y0 + y1) / 2, 6),
        "centroid_lon": round((x0 + x1) / 2, 6),
        "boundary": f"POLYGON(({ring}))",
    }


def point_in(rng: random.Random, rect: Rect) -> tuple[float, float]:
    """A (lat, lon) point well inside ``rect`` (platform locations)."""
    x0, y0, x1, y1 = rect
    return (
        round(y0 + (y1 - y0) * rng.uniform(0.2, 0.8), 6),
        round(x0 + (x1 - x0) * rng.uniform(0.2, 0.8), 6),
    )
