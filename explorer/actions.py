"""Recommendations as an action list per grid: what to do about each gap, and to whom.

Why: the lighthouse recommender answers one question (which households to make
lighthouse households). A grid with no party branch, an overloaded lighthouse and
overdue requests needs more than that, and a street office works from a list:
one action per gap, each naming the nodes it touches so that every id opens the
network focused on it. This module turns query rows into that list; it reads
nothing itself and is tested without a database.

The actions:

- **form a grid party branch** (grid without a branch): the party members living
  in the grid, those already serving first;
- **rebalance overloaded lighthouse households**: households move from a
  lighthouse household serving more than the capacity to one with room, in the
  same building first; what no one has room for is left to the lighthouse picks;
- **escalate overdue requests**: open past their deadline, oldest first, with the
  platforms reaching the grid that offer the category;
- **new lighthouse households**: the recommender's picks (``queries.recommend``).

>>> moves, left = rebalance(
...     [{"lighthouse_id": "L1", "building_id": "B1",
...       "served": [{"household_id": f"H{i}", "building_id": "B1"} for i in range(4)]},
...      {"lighthouse_id": "L2", "building_id": "B1", "served": []}],
...     capacity=2)
>>> [(m["household_id"], m["from_lighthouse_id"], m["to_lighthouse_id"]) for m in moves]
[('H2', 'L1', 'L2'), ('H3', 'L1', 'L2')]
>>> left
[]
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

__all__ = [
    "Action",
    "branch_action",
    "escalation_action",
    "lighthouse_action",
    "plan",
    "rebalance",
    "rebalance_action",
]


@dataclass
class Action:
    """One thing to do in one grid: what, why, and the rows naming the nodes it touches."""

    code: str
    title: str
    why: str
    rows: list[dict[str, Any]] = field(default_factory=list)

    @property
    def nodes(self) -> list[str]:
        """Every id the action touches (the rows' ``*_id`` values), in order, once."""
        seen: dict[str, None] = {}
        for row in self.rows:
            for key, value in row.items():
                if key.endswith("_id") and value:
                    seen.setdefault(str(value), None)
        return list(seen)


def branch_action(grid: str, candidates: Sequence[Mapping[str, Any]]) -> Action | None:
    """Form a grid party branch from the party members living in the grid (none: no action)."""
    if not candidates:
        return None
    rows = [
        {
            "person_id": c["person_id"],
            "person_name": c.get("person_name"),
            "household_id": c.get("household_id"),
            "occupation": c.get("occupation"),
            "serves 联系户数": c.get("serves", 0),
            "memberships 组织数": c.get("memberships", 0),
            "lighthouse 明灯户": bool(c.get("lives_in_lighthouse")),
        }
        for c in candidates
    ]
    n = len(rows)
    return Action(
        "form_branch",
        "组建网格党支部 Form a grid party branch",
        f"Grid {grid} has no grid party branch; {n} party member(s) live in it, those "
        f"already serving households first (a branch needs at least three). "
        f"网格无党支部，{n} 名党员居住在本网格。",
        rows,
    )


def rebalance(
    loads: Sequence[Mapping[str, Any]], capacity: int
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Move households off lighthouse households serving more than `capacity`.

    `loads` are ``action_lighthouse_loads`` rows: ``{lighthouse_id, building_id,
    served: [{household_id, building_id}]}``. Each excess household goes to the
    lighthouse with the most room in its own building, else in the grid (ties by id).
    Returns the moves and the households no lighthouse has room for.
    """
    room = {
        str(r["lighthouse_id"]): capacity - len(r.get("served") or [])
        for r in loads
        if len(r.get("served") or []) < capacity
    }
    home = {str(r["lighthouse_id"]): r.get("building_id") for r in loads}
    moves: list[dict[str, Any]] = []
    left: list[dict[str, Any]] = []
    for row in sorted(loads, key=lambda r: (-len(r.get("served") or []), str(r["lighthouse_id"]))):
        served = sorted(row.get("served") or [], key=lambda h: str(h["household_id"]))
        source = str(row["lighthouse_id"])
        for h in served[capacity:]:
            open_ = [lh for lh, r in room.items() if r > 0 and lh != source]
            if not open_:
                left.append({"household_id": h["household_id"], "from_lighthouse_id": source})
                continue
            near = [lh for lh in open_ if h.get("building_id") and home[lh] == h["building_id"]]
            target = min(near or open_, key=lambda lh: (-room[lh], lh))
            room[target] -= 1
            moves.append(
                {
                    "household_id": h["household_id"],
                    "from_lighthouse_id": source,
                    "to_lighthouse_id": target,
                    "same building 同楼栋": bool(near),
                }
            )
    return moves, left


def rebalance_action(grid: str, loads: Sequence[Mapping[str, Any]], capacity: int) -> Action | None:
    """Rebalance the grid's overloaded lighthouse households (none overloaded: no action)."""
    overloaded = [r for r in loads if len(r.get("served") or []) > capacity]
    if not overloaded:
        return None
    moves, left = rebalance(loads, capacity)
    rows = moves + [{**h, "to_lighthouse_id": None, "same building 同楼栋": None} for h in left]
    names = ", ".join(str(r["lighthouse_id"]) for r in overloaded)
    why = (
        f"{len(overloaded)} lighthouse household(s) in {grid} serve more than {capacity} "
        f"({names}); {len(moves)} household(s) can move to one with room"
    )
    if left:
        why += f", {len(left)} need a new lighthouse household (see the picks)"
    return Action(
        "rebalance",
        "调整明灯户联系户 Rebalance overloaded lighthouse households",
        why + f". 明灯户负担过重，建议调整 {len(moves)} 户。",
        rows,
    )


def escalation_action(grid: str, overdue: Sequence[Mapping[str, Any]]) -> Action | None:
    """Escalate the grid's overdue requests, oldest first (none overdue: no action)."""
    if not overdue:
        return None
    rows = []
    for r in overdue:
        offering = list(r.get("offering") or [])
        rows.append(
            {
                "request_id": r["request_id"],
                "title": r.get("title"),
                "household_id": r.get("household_id"),
                "category": r.get("category"),
                "days past deadline 超期天数": r.get("days_past_deadline"),
                "handler_id": r.get("handler_id"),
                "escalate to platform_id": offering[0] if offering else None,
            }
        )
    unmet = sum(1 for r in rows if not r["escalate to platform_id"])
    why = (
        f"{len(rows)} request(s) in {grid} are open past their deadline; escalate each to "
        "a platform reaching the grid that offers its category"
    )
    if unmet:
        why += f" ({unmet} have none: the category is unmet here)"
    return Action(
        "escalate",
        "督办超期诉求 Escalate overdue requests",
        why + f". {len(rows)} 件诉求超期未办，建议督办。",
        rows,
    )


def lighthouse_action(grid: str, picks: Iterable[Mapping[str, Any]]) -> Action | None:
    """The recommender's lighthouse picks for the grid (``whatif.pick_rows``)."""
    rows = [dict(p) for p in picks if p.get("grid_id") in (None, grid)]
    if not rows:
        return None
    covered = sum(int(r.get("covers") or 0) for r in rows)
    return Action(
        "lighthouse_picks",
        "新增明灯户 New lighthouse households",
        f"{len(rows)} household(s) in {grid} could serve {covered} unserved neighbour(s). "
        f"建议新增或扩容明灯户 {len(rows)} 户。",
        rows,
    )


def plan(
    grid: str,
    *,
    candidates: Sequence[Mapping[str, Any]] = (),
    loads: Sequence[Mapping[str, Any]] = (),
    overdue: Sequence[Mapping[str, Any]] = (),
    picks: Iterable[Mapping[str, Any]] = (),
    capacity: int = 10,
) -> list[Action]:
    """Every action for one grid, the article's order: branch, service ties, requests."""
    found = [
        branch_action(grid, candidates),
        rebalance_action(grid, loads, capacity),
        lighthouse_action(grid, picks),
        escalation_action(grid, overdue),
    ]
    return [a for a in found if a is not None]
