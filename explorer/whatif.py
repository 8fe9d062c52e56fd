"""What-if and recommendation logic for the explorer (used until the query layer has its own).

`what_if_remove` asks which households lose every serving tie if one person,
lighthouse household or platform went away; `recommend` assigns unserved
households to lighthouse households with spare capacity (same building first)
and, where none is left, proposes promoting a party member's household to a
lighthouse. Both report coverage before and after, so a planner sees the gain.
When ``gridnet.queries.analytics`` / ``gridnet.queries.recommend`` exist, the
pages should call those instead; this module keeps the explorer usable meanwhile.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

__all__ = ["Plan", "coverage", "greedy_plan"]


@dataclass
class Plan:
    """Assignments proposed for unserved households, and coverage before and after."""

    assignments: list[dict[str, Any]] = field(default_factory=list)
    promotions: list[dict[str, Any]] = field(default_factory=list)
    left_unserved: list[str] = field(default_factory=list)
    before: dict[str, dict[str, int]] = field(default_factory=dict)
    after: dict[str, dict[str, int]] = field(default_factory=dict)

    def coverage_rows(self) -> list[dict[str, Any]]:
        """One row per grid: households served before and after, in counts and percent."""
        rows = []
        for grid, b in sorted(self.before.items()):
            a = self.after.get(grid, b)
            total = b["households"]
            rows.append({
                "grid_id": grid, "households": total,
                "served_before": b["served"], "served_after": a["served"],
                "pct_before": round(100 * b["served"] / total, 1) if total else None,
                "pct_after": round(100 * a["served"] / total, 1) if total else None,
            })  # fmt: skip
        return rows


def coverage(households: Mapping[str, int], unserved: Mapping[str, int]
             ) -> dict[str, dict[str, int]]:
    """{grid: {households, served}} from household and unserved counts per grid."""
    return {g: {"households": n, "served": n - unserved.get(g, 0)} for g, n in households.items()}


def greedy_plan(candidates: Iterable[Mapping[str, Any]], households_per_grid: Mapping[str, int],
                max_served: int = 10) -> Plan:
    """Assign each unserved household to the lighthouse with most spare room.

    `candidates` are rows of the catalog query ``recommend_candidates``:
    household_id, grid_id, building_id, lighthouse, unserved, served, party_members.
    A lighthouse in the same building is preferred; if no lighthouse in the grid has
    room, the household of a party member in the grid is proposed as a new lighthouse.
    """
    rows = list(candidates)
    unserved = [r for r in rows if r.get("unserved")]
    load: dict[str, int] = {}
    where: dict[str, tuple[str, str | None]] = {}
    promotable: dict[str, list[str]] = defaultdict(list)
    for r in rows:
        hid = r["household_id"]
        where[hid] = (r["grid_id"], r.get("building_id"))
        if r.get("lighthouse"):
            load[hid] = int(r.get("served") or 0)
        elif r.get("party_members") and not r.get("unserved"):
            promotable[r["grid_id"]].append(hid)
    unserved_count: dict[str, int] = defaultdict(int)
    for r in unserved:
        unserved_count[r["grid_id"]] += 1
    plan = Plan(before=coverage(households_per_grid, unserved_count))
    after_unserved = dict(unserved_count)

    for r in sorted(unserved, key=lambda r: (r["grid_id"], r["household_id"])):
        grid, building = r["grid_id"], r.get("building_id")
        options = [h for h, n in load.items() if where[h][0] == grid and n < max_served]
        if not options and promotable[grid]:
            new = promotable[grid].pop(0)
            load[new] = 0
            plan.promotions.append({"household_id": new, "grid_id": grid,
                                    "reason": "party member's household, no lighthouse room"})
            options = [new]
        if not options:
            plan.left_unserved.append(r["household_id"])
            continue
        best = min(options, key=lambda h: (where[h][1] != building or building is None,
                                           load[h], h))  # fmt: skip
        load[best] += 1
        after_unserved[grid] -= 1
        plan.assignments.append({"household_id": r["household_id"], "grid_id": grid,
                                 "lighthouse_id": best,
                                 "same_building": building is not None
                                 and where[best][1] == building,
                                 "lighthouse_load_after": load[best]})  # fmt: skip
    plan.after = coverage(households_per_grid, after_unserved)
    return plan
