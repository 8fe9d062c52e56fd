"""An independent pure-Python reading of queries/GAPS.md, for generated tables.

Why: the manifest claims which gaps were planted; this module recomputes every
gap code from the rows alone (no generator internals, no database), following
GAPS.md word for word, so the tests can assert manifest == truth.

Relationship mapping (the loader's): an organisation COVERS its area_id, grid_id
and building_id; a platform SERVES its area_id and grid_id; an activity is
IN_GRID its grid_id; a person LIVES_IN its household_id; a service tie is a
SERVES from a Person (server_type person) or a Household (server_type household).
"""

from __future__ import annotations

import math
from collections import defaultdict
from datetime import date
from typing import Any

Rows = dict[str, list[dict[str, Any]]]
REQUIRED_X_TYPES = ("autonomous", "mass", "social", "mutual_aid")
# GAPS.md category_out_of_reach: the life circles (walking metres) and detour factor.
CIRCLE_M = {
    **dict.fromkeys(("elder_care", "child_care", "repairs", "sanitation"), 300.0),
    **dict.fromkeys(("dispute", "disability"), 500.0),
}
CIRCLE_DEFAULT_M = 1000.0
DETOUR = 1.3
SPHERE_M = 6_378_140.0  # Neo4j's sphere for WGS84 point.distance


def _metres(a: tuple[float, float], b: tuple[float, float]) -> float:
    la1, la2 = math.radians(a[0]), math.radians(b[0])
    h = (
        math.sin((la2 - la1) / 2) ** 2
        + math.cos(la1) * math.cos(la2) * math.sin(math.radians(b[1] - a[1]) / 2) ** 2
    )
    return 2 * SPHERE_M * math.asin(math.sqrt(h))


def _d(value: Any) -> date | None:
    if value in (None, ""):
        return None
    return value if isinstance(value, date) else date.fromisoformat(str(value)[:10])


class Graph:
    """Indexes over the tables that the gap definitions walk."""

    def __init__(self, t: Rows) -> None:
        self.t = t
        self.area_parent = {a["id"]: a["parent_id"] for a in t["areas"]}
        self.grid_comm = {g["id"]: g["community_id"] for g in t["grids"]}
        self.hh = {h["id"]: h for h in t["households"]}
        self.lighthouse = {h["id"] for h in t["households"] if h["lighthouse"] is True}
        self.residents: dict[str, set[str]] = defaultdict(set)
        for p in t["people"]:
            if p["household_id"]:
                self.residents[p["household_id"]].add(p["id"])
        self.person_ties: dict[str, set[str]] = defaultdict(set)  # household -> persons
        self.house_ties: dict[str, set[str]] = defaultdict(set)  # household -> server hh
        self.serves_out: dict[str, set[str]] = defaultdict(set)  # server hh -> households
        for r in t["service_ties"]:
            if r["server_type"] == "person":
                self.person_ties[r["household_id"]].add(r["server_id"])
            else:
                self.house_ties[r["household_id"]].add(r["server_id"])
                self.serves_out[r["server_id"]].add(r["household_id"])

    def reachable_areas(self, grid: str) -> list[str]:
        out, a = [], self.grid_comm[grid]
        while a:
            out.append(a)
            a = self.area_parent[a]
        return out

    def serving_persons(self, household: str) -> set[str]:
        """GAPS.md: a Person SERVES it, or LIVES_IN a lighthouse household that SERVES it."""
        persons = set(self.person_ties.get(household, ()))
        for server in self.house_ties.get(household, ()):
            if server in self.lighthouse:
                persons |= self.residents.get(server, set())
        return persons


def compute_gaps(t: Rows, as_of: date, max_served: int = 10) -> dict[str, list[str]]:
    """Every gap code of GAPS.md, as sorted id lists in the manifest's format."""
    g = Graph(t)
    grids = [r["id"] for r in t["grids"]]
    orgs = t["organisations"]
    gaps: dict[str, set[str]] = defaultdict(set)

    branch_grids = {o["grid_id"] for o in orgs if o["kind"] == "grid_party_branch"}
    gaps["grid_without_branch"] = {x for x in grids if x not in branch_grids}

    grouped = {o["building_id"] for o in orgs if o["kind"] == "building_party_group"}
    gaps["building_without_group"] = {b["id"] for b in t["buildings"] if b["id"] not in grouped}

    lit = {h["grid_id"] for h in t["households"] if h["lighthouse"] is True}
    gaps["grid_without_lighthouse"] = {x for x in grids if x not in lit}

    for h in t["households"]:
        if h["id"] in g.lighthouse:
            continue
        if g.person_ties.get(h["id"]):
            continue
        if any(s in g.lighthouse for s in g.house_ties.get(h["id"], ())):
            continue
        gaps["household_unserved"].add(h["id"])

    gaps["lighthouse_overloaded"] = {
        h for h in g.lighthouse if len(g.serves_out.get(h, ())) > max_served
    }

    gaps["request_overdue"] = {
        r["id"]
        for r in t["service_requests"]
        if r["status"] != "closed" and _d(r["deadline"]) is not None and _d(r["deadline"]) < as_of
    }

    # category_unmet
    area_offers: dict[str, set[str]] = defaultdict(set)
    grid_offers: dict[str, set[str]] = defaultdict(set)
    providers = {("platform", p["id"]): p for p in t["platforms"]}
    providers.update({("organisation", o["id"]): o for o in orgs})
    for off in t["offerings"]:
        p = providers[(off["provider_type"], off["provider_id"])]
        if p.get("grid_id"):
            grid_offers[p["grid_id"]].add(off["category_id"])
        if p.get("area_id"):
            area_offers[p["area_id"]].add(off["category_id"])
    for r in t["service_requests"]:
        grid = g.hh[r["household_id"]]["grid_id"]
        cat = r["category_id"]
        offered = cat in grid_offers.get(grid, ()) or any(
            cat in area_offers.get(a, ()) for a in g.reachable_areas(grid)
        )
        if not offered:
            gaps["category_unmet"].add(f"{grid}|{cat}")

    # category_out_of_reach: located platforms that reach the grid, households located
    # by their own point or their building's
    where = {b["id"]: (b["lat"], b["lon"]) for b in t["buildings"] if b.get("lat") is not None}
    located_offers: dict[str, list[tuple[str, tuple[float, float]]]] = defaultdict(list)
    for off in t["offerings"]:
        if off["provider_type"] != "platform":
            continue
        p = providers[("platform", off["provider_id"])]
        if p.get("lat") is None:
            continue
        for target in (p.get("area_id"), p.get("grid_id")):
            if target:
                located_offers[target].append((off["category_id"], (p["lat"], p["lon"])))
    for h in t["households"]:
        at = (
            (h["lat"], h["lon"])
            if h.get("lat") is not None
            else where.get(h.get("building_id") or "")
        )
        if at is None:
            continue  # reach unknown
        grid = h["grid_id"]
        nearest: dict[str, float] = {}
        for target in [grid, *g.reachable_areas(grid)]:
            for cat, spot in located_offers.get(target, ()):
                d = _metres(at, spot)
                nearest[cat] = min(d, nearest.get(cat, d))
        for cat, d in nearest.items():
            if d * DETOUR > CIRCLE_M.get(cat, CIRCLE_DEFAULT_M):
                gaps["category_out_of_reach"].add(f"{grid}|{cat}")

    # funds_without_roots
    funded = {f["area_id"] for f in t["funding"] if int(f["year"]) <= as_of.year}
    active = {a["grid_id"] for a in t["activities"] if a["grid_id"]}
    direct = {p["grid_id"] for p in t["platforms"] if p["grid_id"]}
    by_grid: dict[str, list[str]] = defaultdict(list)
    for h in t["households"]:
        by_grid[h["grid_id"]].append(h["id"])
    for x in grids:
        if g.grid_comm[x] not in funded or x in active or x in lit or x in direct:
            continue
        if any(g.serving_persons(h) for h in by_grid[x]):
            continue
        gaps["funds_without_roots"].add(x)

    # grid_single_point
    for x in grids:
        persons: set[str] = set()
        served = 0
        for h in by_grid[x]:
            s = g.serving_persons(h)
            if s:
                served += 1
                persons |= s
        if served and len(persons) == 1:
            gaps["grid_single_point"].add(x)

    # community_missing_org_types
    covered: dict[str, set[str]] = defaultdict(set)
    for o in orgs:
        if o["system"] != "x":
            continue
        if o.get("area_id"):
            covered[o["area_id"]].add(o["type"])
        if o.get("grid_id"):
            covered[g.grid_comm[o["grid_id"]]].add(o["type"])
    for a in t["areas"]:
        if a["level"] == "community" and not set(REQUIRED_X_TYPES) <= covered[a["id"]]:
            gaps["community_missing_org_types"].add(a["id"])

    codes = (
        "grid_without_branch",
        "building_without_group",
        "grid_without_lighthouse",
        "household_unserved",
        "lighthouse_overloaded",
        "request_overdue",
        "category_unmet",
        "category_out_of_reach",
        "funds_without_roots",
        "grid_single_point",
        "community_missing_org_types",
    )
    return {code: sorted(gaps[code]) for code in codes}


def serving_persons_per_grid(t: Rows) -> dict[str, set[str]]:
    """Distinct serving persons of each grid's households."""
    g = Graph(t)
    out: dict[str, set[str]] = defaultdict(set)
    for h in t["households"]:
        out[h["grid_id"]] |= g.serving_persons(h["id"])
    return out
