"""Activities over the year before the snapshot: party days, visits, meetings.

Grids without roots (planted ``funds_without_roots``) get none; ``households``
calls these per grid and per community while streaming.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

from gridnet.loaders.synthetic.city import City, Community, Grid
from gridnet.loaders.synthetic.sinks import Sink


def emit_grid_activities(
    city: City, sink: Sink, rng: random.Random, g: Grid, volunteer_orgs: list[str]
) -> None:
    """Monthly party days plus a mix of grid activities."""
    start = city.window_start.date()
    # monthly party day
    for m in range(12):
        day = start + timedelta(days=30 * m + rng.randint(0, 27))
        activity(
            city, sink, "party_day", "主题党日", day, g.activity_org, g.id, None, rng.randint(8, 40)
        )
    plan = (
        ("village_night_talk", "乡村夜话", 2, 6),
        ("love_doorbell", "爱心门铃走访", 3, 10),
        ("pioneer_post", "党员先锋岗", 0, 2),
        ("volunteer", "志愿服务", 1, 5),
        ("demonstration", "示范网格观摩", 0, 1),
        ("other", "邻里节", 0, 1),
    )
    for kind, title, lo, hi in plan:
        for _ in range(rng.randint(lo, hi)):
            org = (
                rng.choice(volunteer_orgs)
                if kind == "volunteer" and volunteer_orgs
                else g.activity_org
            )
            day = start + timedelta(days=rng.randint(0, 364))
            activity(city, sink, kind, title, day, org, g.id, None, rng.randint(5, 60))


def emit_community_activities(city: City, sink: Sink, rng: random.Random, comm: Community) -> None:
    """A few community-wide meetings and events."""
    start = city.window_start.date()
    for title in ("社区大党委联席会议", "大居委轮值主席议事会", "孝老爱亲文艺汇演"):
        for _ in range(rng.randint(1, 4)):
            day = start + timedelta(days=rng.randint(0, 364))
            activity(
                city, sink, "other", title, day, comm.committee, None, comm.id, rng.randint(20, 200)
            )


def activity(
    city: City,
    sink: Sink,
    kind: str,
    name: str,
    day: date,
    org: str | None,
    grid: str | None,
    area: str | None,
    participants: int,
) -> None:
    """Write one activity row, never on or after the snapshot date."""
    sink.add(
        "activities",
        {
            "id": city.next_id("A", 7),
            "name": name,
            "kind": kind,
            "date": min(day, city.as_of - timedelta(days=1)).isoformat(),
            "organisation_id": org,
            "grid_id": grid,
            "area_id": area,
            "participants": participants,
        },
    )
