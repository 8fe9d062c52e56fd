"""Walking-reach and siting figures (issue targets: reach for 1M households x 12
categories under 60 s; siting for one community of ~1,500 households and ~200
candidates under 10 s).

Why measured on the loaded city: reach is the gap ``category_out_of_reach``, a
per-grid query whose cost is each grid's located households times the few
platforms that reach that grid (no all-pairs distance); siting reads a community and
solves it with spopt (queries/siting.py), whose KD-tree keeps the candidate x
household pairs to those within the circle.
"""

from __future__ import annotations

import random
import time
from typing import Any

from gridnet.db import Database
from gridnet.queries import gaps, siting

__all__ = ["reach_figures", "siting_at_target_size"]

_LARGEST_COMMUNITY = """
MATCH (c:Area)<-[:IN_AREA]-(:Grid)<-[:IN_GRID]-(h:Household)
WITH c, count(h) AS households
ORDER BY households DESC, c.id LIMIT 1
RETURN c.id AS community, households
"""
_COUNTS = """
RETURN COUNT { (h:Household) WHERE h.location IS NOT NULL
               OR EXISTS { (h)-[:IN_BUILDING]->(b:Building) WHERE b.location IS NOT NULL } }
         AS located,
       COUNT { (:Household) } AS households,
       COUNT { (:ServiceCategory) } AS categories
"""


def reach_figures(db: Database, category: str = "elder_care", add: int = 3) -> dict[str, Any]:
    """Seconds of the reach gap over the whole city and of one community's siting."""
    counts = db.read(_COUNTS)[0]
    start = time.perf_counter()
    rows = gaps.find(db, "category_out_of_reach", timeout=0)
    reach_s = time.perf_counter() - start
    out: dict[str, Any] = {
        "reach": {
            "seconds": round(reach_s, 3),
            "households": counts["households"],
            "located": counts["located"],
            "categories": counts["categories"],
            "out_of_reach_pairs": len(rows),
        }
    }
    largest = db.read(_LARGEST_COMMUNITY)
    if largest:
        community = largest[0]["community"]
        start = time.perf_counter()
        result = siting.site(db, category, add, community, timeout=0)
        out["siting"] = {
            "seconds": round(time.perf_counter() - start, 3),
            "community": community,
            "category": category,
            "add": add,
            "households": result["total"],
            "candidates": result["candidates"],
            "covered_before": result["covered_before"],
            "covered_after": result["covered_after"],
        }
    out["siting_target"] = siting_at_target_size()
    return out


def siting_at_target_size(
    households: int = 1500, candidates: int = 200, add: int = 5, seed: int = 7
) -> dict[str, Any]:
    """Siting at the issue's size, which a generated community does not reach (its
    candidates are its few dozen buildings): households and candidates at distinct
    seeded points over 1.3 x 1.3 km, one existing platform at the centre, every
    household its own demand point (the hardest case: no building shares one)."""
    rng = random.Random(seed)

    def point() -> tuple[float, float]:
        return 30.92 + rng.random() * 0.012, 113.91 + rng.random() * 0.014

    homes: list[tuple[str, float | None, float | None]] = [
        (f"H{i}", *point()) for i in range(households)
    ]
    centre = [(30.926, 113.917)]
    problem = siting.Problem(
        "elder_care",
        homes,
        {h: centre for h, _, _ in homes},
        [
            {"site": f"S{j}", "kind": "building", "name": "", "lat": lat, "lon": lon}
            for j, (lat, lon) in enumerate(point() for _ in range(candidates))
        ],
    )
    start = time.perf_counter()
    result = siting.solve(problem, add)
    return {
        "seconds": round(time.perf_counter() - start, 3),
        "households": households,
        "candidates": candidates,
        "add": add,
        "covered_before": result["covered_before"],
        "covered_after": result["covered_after"],
        "greedy_after": result["greedy"]["covered_after"],
    }
