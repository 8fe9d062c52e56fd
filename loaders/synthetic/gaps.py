"""Planting the coverage gaps of ``queries/GAPS.md`` and recording the exact truth.

Why a module of its own: the planted gaps are the generator's ground truth,
so which grids, buildings, communities and categories get a gap (and at what
rates) is decided here and recorded in ``City.planted``. The gaps planted in
streams (unserved households, overloaded lighthouses, overdue requests) are
recorded where the rows are written (``ties``, ``requests``), using the rates
below. ``planted_truth`` is what goes into ``manifest.json``. The codes and the
default lighthouse capacity are the queries' own (``queries/gap_rules.py``), so the
truth and the gap queries cannot name or bound a gap differently.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from gridnet.loaders.synthetic import vocab
from gridnet.loaders.synthetic.xiaogan import FIGURES
from gridnet.queries.gap_rules import GAP_CODES, MAX_SERVED

if TYPE_CHECKING:
    from gridnet.loaders.synthetic.city import City

__all__ = [
    "GAP_CODES",
    "MAX_SERVED",
    "MIN_SCALE",
    "RATE_BRANCHLESS",
    "RATE_BUILDING_NO_GROUP",
    "RATE_CATEGORY_UNMET",
    "RATE_FUNDS",
    "RATE_MISSING_ORG",
    "RATE_NO_LIGHTHOUSE",
    "RATE_OVERDUE",
    "RATE_OVERLOADED",
    "RATE_SINGLE_POINT",
    "RATE_UNSERVED",
    "assign_grid_statuses",
    "n_planted",
    "pick_buildings_without_group",
    "plant_org_and_category_gaps",
    "planted_truth",
    "record_grid_gaps",
]

# Planting rates (per grid, building, household, lighthouse, request, community).
RATE_BRANCHLESS = 0.017
RATE_NO_LIGHTHOUSE = 0.017
RATE_FUNDS = 0.011
RATE_SINGLE_POINT = 0.011
RATE_BUILDING_NO_GROUP = 0.014
RATE_CATEGORY_UNMET = 0.022
RATE_MISSING_ORG = 0.05
RATE_UNSERVED = 0.015
RATE_OVERLOADED = 0.005
RATE_OVERDUE = 0.02
# Below this there are too few grids to plant the grid-level gaps side by side;
# from 0.05 up every gap code is planted at least once.
MIN_SCALE = 0.02


def n_planted(rate: float, base: int) -> int:
    """How many units get a gap: ``rate`` of ``base``, at least one."""
    return max(1, round(rate * base))


def assign_grid_statuses(
    city: City, grid_list: list[str], n_branches: int, n_branchless: int
) -> None:
    """Give disjoint sets of grids a planted status; the rest stay ``normal``."""
    order = list(grid_list)
    city.rng.shuffle(order)
    picks = iter(order)
    status_counts = (
        ("branchless", n_branchless),
        ("funds", n_planted(RATE_FUNDS, n_branches)),
        ("no_lighthouse", n_planted(RATE_NO_LIGHTHOUSE, n_branches)),
        ("single_point", n_planted(RATE_SINGLE_POINT, n_branches)),
    )
    for status, n in status_counts:
        for _ in range(n):
            city.grids[next(picks)].status = status


def pick_buildings_without_group(city: City, n_no_group: int) -> set[str]:
    """Choose the buildings left without a party group and record them."""
    building_ids = list(city.buildings)
    no_group = set(city.rng.sample(building_ids, n_no_group))
    city.planted["building_without_group"] = sorted(no_group)
    return no_group


def plant_org_and_category_gaps(city: City) -> None:
    """Choose communities missing an X type and (grid, category) pairs left unmet."""
    rng = city.rng
    comm_ids = list(city.communities)
    n_branches = city.scaled(FIGURES["grid_party_branches"])
    order = list(comm_ids)
    rng.shuffle(order)
    n_missing = min(len(order), n_planted(RATE_MISSING_ORG, len(comm_ids)))
    for cid in order[:n_missing]:
        city.missing_type[cid] = rng.choice(("social", "mutual_aid", "mass", "mass"))
    # unmet categories: communities without funds grids, one pair per community
    n_unmet = n_planted(RATE_CATEGORY_UNMET, n_branches)
    candidates = [
        c
        for c in order[n_missing:] + order[:n_missing]
        if all(
            city.grids[g].status != "funds" and len(city.communities[c].grids) >= 2
            for g in city.communities[c].grids
        )
    ]
    for cid in candidates[:n_unmet]:
        grids = [
            g
            for g in city.communities[cid].grids
            if city.grids[g].status in ("normal", "branchless")
        ]
        if not grids:
            continue
        gid = rng.choice(grids)
        city.unmet.append((gid, rng.choice(vocab.PLANTABLE_CATEGORIES)))
    city.planted["community_missing_org_types"] = sorted(city.missing_type)
    city.planted["category_unmet"] = sorted(f"{g}|{c}" for g, c in city.unmet)


def record_grid_gaps(city: City, grid_list: list[str]) -> None:
    """Pick the grid that must show an overloaded lighthouse; record grid-status gaps."""
    normal = [g for g in grid_list if city.grids[g].status == "normal"]
    city.force_overload = max(normal, key=lambda g: (city.grids[g].households, g))
    for gid in grid_list:
        g = city.grids[gid]
        if g.status == "branchless":
            city.planted["grid_without_branch"].append(gid)
        if g.status in ("no_lighthouse", "funds"):
            city.planted["grid_without_lighthouse"].append(gid)
        if g.status == "funds":
            city.planted["funds_without_roots"].append(gid)
        if g.status == "single_point":
            city.planted["grid_single_point"].append(gid)


def planted_truth(city: City) -> dict[str, list[str]]:
    """The manifest's ``planted``: every gap code, its ids sorted."""
    return {code: sorted(city.planted[code]) for code in GAP_CODES}
