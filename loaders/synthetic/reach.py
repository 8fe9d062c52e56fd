"""Where buildings stand, and which (grid, category) pairs are out of walking reach.

Why a module of its own: the gap ``category_out_of_reach`` (queries/GAPS.md) is
decided by geometry, so its truth is planted by placing things. Each building
stands inside its grid's rectangle (drawn from its own seeded stream, so the rest of
the city is unchanged by it); platforms keep the place ``platforms`` gave them,
inside the area or grid they serve (community centres in the community, street and
district centres in theirs). Grids far from their community's centre, or large
grids, then leave some households beyond the 5- or 10-minute circle: those pairs
are the planted truth, recorded by the rule the query uses (life circle, detour
factor, Neo4j's sphere). Households without a building (rural) get no point: their
reach is unknown and never counted.
"""

from __future__ import annotations

import random
from typing import TYPE_CHECKING

from gridnet.geo import haversine_m
from gridnet.loaders.synthetic.platforms import reachable_areas
from gridnet.queries.life_circle import DEFAULT

if TYPE_CHECKING:
    from gridnet.loaders.synthetic.city import City

__all__ = [
    "RATE_FAR_BUILDING",
    "colocate_community_platforms",
    "place_buildings",
    "plant_out_of_reach",
]

# Buildings keep this share of the grid's width and height from its edges.
_MARGIN = 0.05
# Candidate anchors per side of a grid (a lattice over the grid's rectangle).
_LATTICE = 9
# Buildings of a grid stand within this many metres (each way) of its anchor.
_SPREAD_M = 40.0
# Share of grids with a planted far building (beyond its circles), at least one.
RATE_FAR_BUILDING = 0.02
_M_PER_DEG = 111_000.0
# cos(31 degrees): metres per degree of longitude over those of latitude at Xiaogan.
_COS_LAT = 0.857


def _spots(city: City) -> dict[str, dict[str, set[tuple[float, float]]]]:
    """Per grid: category -> the points of the located platforms offering it there."""
    offers: dict[str, list[str]] = {}
    for r in city.offer_rows:
        if r["provider_type"] == "platform":
            offers.setdefault(r["provider_id"], []).append(r["category_id"])
    by_target: dict[str, list[str]] = {}
    for pid, p in city.platforms.items():
        if p.get("lat") is None or p.get("lon") is None:
            continue
        for target in (p.get("area_id"), p.get("grid_id")):
            if target:
                by_target.setdefault(target, []).append(pid)
    found: dict[str, dict[str, set[tuple[float, float]]]] = {}
    for gid in city.grids:
        spots: dict[str, set[tuple[float, float]]] = {}
        for target in [gid, *reachable_areas(city, gid)]:
            for pid in by_target.get(target, ()):
                p = city.platforms[pid]
                for cat in offers.get(pid, ()):
                    spots.setdefault(cat, set()).add((p["lat"], p["lon"]))
        found[gid] = spots
    return found


def _worst(spots: dict[str, set[tuple[float, float]]], lat: float, lon: float) -> float:
    """The largest walk / circle ratio over the categories (above 1: out of reach)."""
    worst = 0.0
    for cat, places in spots.items():
        walk = min(haversine_m(lat, lon, a, b) for a, b in places) * DEFAULT.detour
        worst = max(worst, walk / DEFAULT.walk_m(cat))
    return worst


def _to_rect_m(lat: float, lon: float, rect: tuple[float, float, float, float]) -> float:
    """Metres (planar, good to a few per cent at a community's size) from a point to a
    grid's rectangle (x: lon, y: lat); 0 inside it."""
    x0, y0, x1, y1 = rect
    dx = max(x0 - lon, 0.0, lon - x1) * _M_PER_DEG * _COS_LAT
    dy = max(y0 - lat, 0.0, lat - y1) * _M_PER_DEG
    return float((dx * dx + dy * dy) ** 0.5)


def colocate_community_platforms(city: City) -> None:
    """A community's platforms share its service centre, placed where its grids meet.

    Plausible (the centre houses the specialised platforms, and planners put it
    central to the grids it serves) and what keeps the 5-minute services within
    reach of every grid of the community: the centre is the point of a lattice over
    the community's grids whose farthest grid is nearest. Only coordinates move; no
    stream is drawn from.
    """
    for comm in city.communities.values():
        main = city.main_platform.get(comm.id)
        if main is None:
            continue
        rects = [city.grids[g].rect for g in comm.grids if g in city.grids]
        options = [
            (y0 + (y1 - y0) * i / (_LATTICE - 1), x0 + (x1 - x0) * j / (_LATTICE - 1))
            for x0, y0, x1, y1 in rects
            for i in range(_LATTICE)
            for j in range(_LATTICE)
        ]
        if options:
            lat, lon = min(options, key=lambda pt: max(_to_rect_m(pt[0], pt[1], r) for r in rects))
            lat, lon = round(lat, 6), round(lon, 6)
        else:
            lat, lon = city.platforms[main]["lat"], city.platforms[main]["lon"]
        for p in city.platforms.values():
            if p.get("area_id") == comm.id:
                p["lat"], p["lon"] = lat, lon


def place_buildings(city: City) -> None:
    """A (lat, lon) inside its grid for every building (`City.building_point`).

    A grid's buildings cluster around its anchor, the point of a lattice over the
    grid whose farthest category is nearest (relative to its circle); a few grids
    (`RATE_FAR_BUILDING`) get one building in the grid's worst corner instead.
    """
    spots = _spots(city)
    order = sorted(city.grids)
    random.Random(f"{city.tag}|reach").shuffle(order)
    far = set(order[: max(1, round(RATE_FAR_BUILDING * len(order)))])
    for gid, grid in city.grids.items():
        x0, y0, x1, y1 = grid.rect
        lattice = [
            (
                y0 + (y1 - y0) * (_MARGIN + (1 - 2 * _MARGIN) * i / (_LATTICE - 1)),
                x0 + (x1 - x0) * (_MARGIN + (1 - 2 * _MARGIN) * j / (_LATTICE - 1)),
            )
            for i in range(_LATTICE)
            for j in range(_LATTICE)
        ]
        ranked = sorted(lattice, key=lambda pt: _worst(spots[gid], *pt))
        anchor, corner = ranked[0], ranked[-1]
        inner = (
            y0 + (y1 - y0) * _MARGIN,
            y1 - (y1 - y0) * _MARGIN,
            x0 + (x1 - x0) * _MARGIN,
            x1 - (x1 - x0) * _MARGIN,
        )
        for k, bid in enumerate(grid.buildings):
            rng = random.Random(f"{city.tag}|reach|{bid}")
            if gid in far and k == 0:
                lat, lon = corner
            else:
                d_lat = rng.uniform(-_SPREAD_M, _SPREAD_M) / _M_PER_DEG
                d_lon = rng.uniform(-_SPREAD_M, _SPREAD_M) / (_M_PER_DEG * _COS_LAT)
                lat = min(max(anchor[0] + d_lat, inner[0]), inner[1])
                lon = min(max(anchor[1] + d_lon, inner[2]), inner[3])
            city.building_point[bid] = (round(lat, 6), round(lon, 6))


def plant_out_of_reach(city: City) -> None:
    """Record every (grid, category) with a building beyond the category's circle,
    by the query's rule (the truth, whatever the placement made of it)."""
    spots = _spots(city)
    found: set[str] = set()
    for gid, grid in city.grids.items():
        for cat, places in spots[gid].items():
            limit = DEFAULT.walk_m(cat)
            for bid in grid.buildings:
                if city.buildings[bid].households < 1:
                    continue
                lat, lon = city.building_point[bid]
                walk = min(haversine_m(lat, lon, a, b) for a, b in places) * DEFAULT.detour
                if walk > limit:
                    found.add(f"{gid}|{cat}")
                    break
    city.planted["category_out_of_reach"] = sorted(found)
