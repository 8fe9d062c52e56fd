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

from gridnet.explorer.i18n import _

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
            "serves": c.get("serves", 0),
            "memberships": c.get("memberships", 0),
            "lighthouse": bool(c.get("lives_in_lighthouse")),
        }
        for c in candidates
    ]
    n = len(rows)
    return Action(
        "form_branch",
        _("Form a grid party branch"),
        _(
            "Grid {grid} has no grid party branch; {n} party member(s) live in it, those "
            "already serving households first (a branch needs at least three)."
        ).format(grid=grid, n=n),
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
                    "same_building": bool(near),
                }
            )
    return moves, left


def rebalance_action(grid: str, loads: Sequence[Mapping[str, Any]], capacity: int) -> Action | None:
    """Rebalance the grid's overloaded lighthouse households (none overloaded: no action)."""
    overloaded = [r for r in loads if len(r.get("served") or []) > capacity]
    if not overloaded:
        return None
    moves, left = rebalance(loads, capacity)
    rows = moves + [{**h, "to_lighthouse_id": None, "same_building": None} for h in left]
    names = ", ".join(str(r["lighthouse_id"]) for r in overloaded)
    why = _(
        "{n} lighthouse household(s) in {grid} serve more than {capacity} ({names}); "
        "{moves} household(s) can move to one with room"
    ).format(n=len(overloaded), grid=grid, capacity=capacity, names=names, moves=len(moves))
    if left:
        why += _(", {n} need a new lighthouse household (see the picks)").format(n=len(left))
    return Action(
        "rebalance",
        _("Rebalance overloaded lighthouse households"),
        why,
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
                "days_past_deadline": r.get("days_past_deadline"),
                "handler_id": r.get("handler_id"),
                "escalate_to_platform_id": offering[0] if offering else None,
            }
        )
    unmet = sum(1 for r in rows if not r["escalate_to_platform_id"])
    why = _(
        "{n} request(s) in {grid} are open past their deadline; escalate each to "
        "a platform reaching the grid that offers its category"
    ).format(n=len(rows), grid=grid)
    if unmet:
        why += _(" ({n} have none: the category is unmet here)").format(n=unmet)
    return Action(
        "escalate",
        _("Escalate overdue requests"),
        why,
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
        _("New lighthouse households"),
        _("{n} household(s) in {grid} could serve {covered} unserved neighbour(s).").format(
            n=len(rows), grid=grid, covered=covered
        ),
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
