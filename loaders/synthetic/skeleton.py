"""Phase 1: the small city skeleton, built in memory and then written first.

The skeleton is everything that is not per household: areas, grids,
buildings, organisations, platforms, offerings, funding and the yearly
ratings. It is small even at a million households, so it is built whole,
which lets the planted gaps and the coverage repair see the entire city
before any row is written. Building it draws from ``City.rng`` only, in a
fixed order.
"""

from __future__ import annotations

import random

from gridnet.loaders.synthetic import gaps, vocab
from gridnet.loaders.synthetic.city import City
from gridnet.loaders.synthetic.geometry import geo
from gridnet.loaders.synthetic.organisations import build_party_orgs, build_x_orgs
from gridnet.loaders.synthetic.places import apportion, build_areas, make_buildings
from gridnet.loaders.synthetic.platforms import build_platforms, build_routes, repair_coverage
from gridnet.loaders.synthetic.ratings import emit_skeleton_ratings
from gridnet.loaders.synthetic.reach import (
    colocate_community_platforms,
    place_buildings,
    plant_out_of_reach,
)
from gridnet.loaders.synthetic.sinks import Sink
from gridnet.loaders.synthetic.xiaogan import FIGURES, FUNDING_FIRST_YEAR


def build_skeleton(city: City) -> None:
    """Plan the whole city: places, planted statuses, party and X orgs, platforms."""
    rng = city.rng
    n_branches = city.scaled(FIGURES["grid_party_branches"])
    n_groups = city.scaled(FIGURES["building_party_groups"])
    n_lighthouses = city.scaled(FIGURES["lighthouse_households"])
    n_branchless = gaps.n_planted(gaps.RATE_BRANCHLESS, n_branches)
    total_grids = n_branches + n_branchless

    # communities: 2-7 grids each; streets: 3-7 communities each
    grid_counts: list[int] = []
    while sum(grid_counts) < total_grids:
        grid_counts.append(rng.choices((2, 3, 4, 5, 6, 7), (1, 3, 5, 5, 3, 1))[0])
    grid_counts[-1] -= sum(grid_counts) - total_grids
    if grid_counts[-1] < 2 and len(grid_counts) > 1:
        extra = grid_counts.pop()
        grid_counts[-1] += extra
    street_sizes: list[int] = []
    while sum(street_sizes) < len(grid_counts):
        street_sizes.append(rng.randint(3, 7))
    street_sizes[-1] -= sum(street_sizes) - len(grid_counts)
    build_areas(city, grid_counts, street_sizes)
    grid_list = [g for c in city.communities.values() for g in c.grids]

    gaps.assign_grid_statuses(city, grid_list, n_branches, n_branchless)

    # lighthouses ∝ households over grids that may have them
    eligible = [g for g in grid_list if city.grids[g].status not in ("funds", "no_lighthouse")]
    for gid, n in zip(
        eligible,
        apportion(n_lighthouses, [city.grids[g].households for g in eligible]),
        strict=True,
    ):
        city.grids[gid].lighthouses = n

    # buildings: every grid at least one, the rest ∝ households
    n_no_group = gaps.n_planted(gaps.RATE_BUILDING_NO_GROUP, n_groups)
    n_buildings = n_groups + n_no_group
    per_grid = apportion(
        n_buildings - len(grid_list), [city.grids[g].households for g in grid_list]
    )
    for gid, e in zip(grid_list, per_grid, strict=True):
        make_buildings(city, city.grids[gid], 1 + e)
    no_group = gaps.pick_buildings_without_group(city, n_no_group)

    build_party_orgs(city, no_group)
    gaps.plant_org_and_category_gaps(city)
    build_x_orgs(city)
    build_platforms(city)
    repair_coverage(city)
    build_routes(city)
    gaps.record_grid_gaps(city, grid_list)
    colocate_community_platforms(city)
    place_buildings(city)
    plant_out_of_reach(city)


def set_populations(city: City) -> None:
    """Fill area populations from the household sizes fixed per grid.

    Areas are written first, so populations cannot be counted from the
    people written later; phase 2 draws exactly these sizes.
    """
    for comm in city.communities.values():
        city.areas[comm.id]["population"] = sum(sum(city.grids[g].sizes) for g in comm.grids)
    for aid in reversed(list(city.areas)):
        parent = city.area_parent[aid]
        if parent is not None:
            city.areas[parent]["population"] += city.areas[aid]["population"]


def emit_skeleton(city: City, sink: Sink) -> None:
    """Write the skeleton tables one after another, then funding and ratings."""
    for a in city.areas.values():
        sink.add("areas", a)
    for g in city.grids.values():
        sink.add(
            "grids",
            {
                "id": g.id,
                "name": g.name,
                "community_id": g.community,
                "kind": g.kind,
                **geo(g.rect),
            },
        )
    for b in city.buildings.values():
        comm = city.communities[city.grids[b.grid].community]
        brng = random.Random(f"{city.tag}|b|{b.id}")
        sink.add(
            "buildings",
            {
                "id": b.id,
                "name": b.name,
                "grid_id": b.grid,
                "address": f"{brng.choice(comm.roads)}{brng.randint(1, 300)}号",
                "floors": b.floors,
                "lat": city.building_point[b.id][0],
                "lon": city.building_point[b.id][1],
            },
        )
    for o in city.orgs.values():
        sink.add("organisations", o)
    for p in city.platforms.values():
        sink.add("platforms", p)
    for c in vocab.CATEGORIES:
        sink.add("service_categories", {"id": c.code, "name": c.zh, "name_en": c.en})
    for r in city.offer_rows:
        sink.add("offerings", r)
    emit_funding(city, sink)
    emit_skeleton_ratings(city, sink)


def emit_funding(city: City, sink: Sink) -> None:
    """Working and special funds every year for every community, a few projects."""
    rng = random.Random(f"{city.tag}|funding")
    for year in range(FUNDING_FIRST_YEAR, city.as_of.year + 1):
        for cid in city.communities:
            sink.add(
                "funding",
                {
                    "id": f"F-{year}-{cid}-W",
                    "area_id": cid,
                    "kind": "working",
                    "amount_yuan": 120000,
                    "year": year,
                    "source": "市财政",
                    "purpose": "社区工作经费",
                },
            )
            sink.add(
                "funding",
                {
                    "id": f"F-{year}-{cid}-S",
                    "area_id": cid,
                    "kind": "special",
                    "amount_yuan": rng.randrange(100000, 200001, 5000),
                    "year": year,
                    "source": "市、区财政",
                    "purpose": "民生专项经费（应急服务）",
                },
            )
            if rng.random() < 0.08:
                sink.add(
                    "funding",
                    {
                        "id": f"F-{year}-{cid}-P",
                        "area_id": cid,
                        "kind": "project",
                        "amount_yuan": rng.randrange(50000, 500001, 10000),
                        "year": year,
                        "source": rng.choice(("市住建局", "区民政局", "区财政")),
                        "purpose": rng.choice(
                            ("老旧小区改造", "党群服务阵地建设", "居家养老设施", "智慧社区建设")
                        ),
                    },
                )
