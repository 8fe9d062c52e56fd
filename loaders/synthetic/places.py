"""Areas, grids and buildings: where the synthetic city's households will live.

Phase 1 lays the city out as nested rectangles (city > district > street >
community > grid) with names from ``names``, then fixes each grid's household
sizes and its buildings. Everything else hangs off these places.
"""

from __future__ import annotations

import math
import random

from gridnet.loaders.synthetic import names
from gridnet.loaders.synthetic.city import Building, City, Community, Grid
from gridnet.loaders.synthetic.geometry import KM_PER_DEG_LAT, KM_PER_DEG_LON, Rect, geo, treemap
from gridnet.loaders.synthetic.xiaogan import CITY_CENTRE


def build_areas(city: City, grid_counts: list[int], street_sizes: list[int]) -> None:
    """Lay out districts, streets, communities and their grids."""
    rng = city.rng
    n_streets = len(street_sizes)
    urban = names.DISTRICTS[:3]
    districts = urban if n_streets <= 16 else names.DISTRICTS
    weights = [4.0, 1.5, 1.5] + [1.0] * (len(districts) - 3)
    per_district = apportion(n_streets, weights[: len(districts)])
    per_district = [max(1, n) if i == 0 else n for i, n in enumerate(per_district)]
    while sum(per_district) > n_streets:  # only if the max(1) above added one
        per_district[per_district.index(max(per_district))] -= 1
    districts_used = [(d, n) for d, n in zip(districts, per_district, strict=True) if n]

    # community names, unique city-wide
    stems = list(names.COMMUNITY_STEMS)
    rng.shuffle(stems)
    combos = [p + s for p in names.COMMUNITY_PREFIX for s in names.COMMUNITY_STEMS if len(s) <= 2]
    rng.shuffle(combos)
    taken = set(stems)
    name_pool = stems + [c for c in combos if c not in taken]

    n_comm = len(grid_counts)
    # 0.2 km2 per community (about 2,700 residents: 13,500 per km2, a Chinese city's
    # urban density); sparser, one service centre leaves most grids beyond the
    # 5-minute circle (reach.py), which real communities are not.
    side_km = math.sqrt(n_comm * 0.2)
    half_lon = side_km / 2 / KM_PER_DEG_LON
    half_lat = side_km / 2 / KM_PER_DEG_LAT
    cx, cy = CITY_CENTRE
    city_rect = (cx - half_lon * 1.15, cy - half_lat, cx + half_lon * 1.15, cy + half_lat)
    add_area(city, "XG", "孝感市", "city", None, city_rect)

    street_iter = iter(street_sizes)
    comm_iter = iter(grid_counts)
    name_iter = iter(name_pool)
    d_weights = []
    plan = []  # (district, [(street code, street name, [grid counts...])])
    for (dcode, dname, region, street_names), n_st in districts_used:
        streets = []
        for k in range(n_st):
            size = next(street_iter)
            if k < len(street_names):
                scode, sname = street_names[k]
            else:
                scode, sname = (
                    f"J{k + 1:02d}",
                    (f"{names.COMMUNITY_STEMS[(k * 7) % len(names.COMMUNITY_STEMS)]}街道"),
                )
            streets.append((scode, sname, [next(comm_iter) for _ in range(size)]))
        plan.append(((dcode, dname, region), streets))
        d_weights.append(sum(sum(s[2]) for s in streets))
    for ((dcode, dname, region), streets), drect in zip(
        plan, treemap(city_rect, d_weights), strict=True
    ):
        did = f"XG-{dcode}"
        add_area(city, did, dname, "district", "XG", drect)
        s_rects = treemap(drect, [sum(s[2]) * rng.uniform(0.85, 1.15) for s in streets])
        for (scode, sname, counts), srect in zip(streets, s_rects, strict=True):
            sid = f"{did}-{scode}"
            add_area(city, sid, sname, "street", did, srect)
            c_rects = treemap(srect, [n * rng.uniform(0.8, 1.2) for n in counts])
            for k, (n_grids, crect) in enumerate(zip(counts, c_rects, strict=True)):
                cid = f"{sid}-{k + 1:02d}"
                stem = next(name_iter, None) or f"{sname[:-2]}{names.cn_number(k + 1)}"
                comm = Community(cid, f"{stem}社区", sid, dcode, region, crect)
                comm.roads = rng.sample(names.ROADS, 3)
                comm.compound = rng.choice(names.COMPOUNDS)
                city.communities[cid] = comm
                add_area(city, cid, comm.name, "community", sid, crect)
                make_grids(city, comm, n_grids, stem)


def add_area(city: City, aid: str, name: str, level: str, parent: str | None, rect: Rect) -> None:
    """Record an area row (population filled in later) and its rectangle."""
    city.areas[aid] = {
        "id": aid,
        "name": name,
        "level": level,
        "parent_id": parent,
        **geo(rect),
        "population": 0,
    }
    city.area_rect[aid] = rect
    city.area_parent[aid] = parent


def make_grids(city: City, comm: Community, n: int, stem: str) -> None:
    """Tile a community into ``n`` grids; household sizes are fixed here."""
    rng = city.rng
    sizes = [max(80, min(420, int(rng.lognormvariate(math.log(190), 0.35)))) for _ in range(n)]
    kind_w = (80, 15, 5) if comm.district_code == "XN" else (60, 20, 20)
    for k, (size, rect) in enumerate(
        zip(sizes, treemap(comm.rect, [float(s) for s in sizes]), strict=True)
    ):
        gid = city.next_id("G", 4)
        kind = rng.choices(("district_block", "courtyard", "village_bay"), kind_w)[0]
        g = Grid(gid, f"{stem}{names.cn_number(k + 1)}网格", comm.id, kind, rect, size)
        srng = random.Random(f"{city.tag}|sizes|{gid}")
        g.sizes = [srng.choices((1, 2, 3, 4, 5, 6), (12, 28, 30, 18, 8, 4))[0] for _ in range(size)]
        city.grids[gid] = g
        comm.grids.append(gid)


def make_buildings(city: City, g: Grid, n: int) -> None:
    """Give a grid ``n`` buildings holding most of its households."""
    rng = city.rng
    share = {"district_block": 0.97, "courtyard": 0.7, "village_bay": 0.45}[g.kind]
    in_buildings = max(n, round(g.households * share))
    counts = apportion(in_buildings, [rng.uniform(0.6, 1.4) for _ in range(n)])
    counts = [max(1, c) for c in counts]
    while sum(counts) > g.households:
        counts[counts.index(max(counts))] -= 1
    comm = city.communities[g.community]
    for c in counts:
        bid = city.next_id("B", 6)
        units = rng.choice((1, 2, 2, 3, 4)) if c > 40 else rng.choice((1, 2))
        floors = max(2, min(33, math.ceil(c / (units * 2 * rng.uniform(0.8, 0.95)))))
        while units * floors * 2 < c:
            units += 1
        city.building_no[g.community] = number = city.building_no.get(g.community, 0) + 1
        city.buildings[bid] = Building(bid, f"{comm.compound}{number}栋", g.id, c, units, floors)
        g.buildings.append(bid)


def apportion(total: int, weights: list[float]) -> list[int]:
    """Split ``total`` into integers ∝ weights (largest remainder, ties by position)."""
    s = sum(weights)
    quotas = [total * w / s for w in weights]
    base = [int(q) for q in quotas]
    rest = total - sum(base)
    order = sorted(range(len(weights)), key=lambda i: (-(quotas[i] - base[i]), i))
    for i in order[:rest]:
        base[i] += 1
    return base
