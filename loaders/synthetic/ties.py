"""Service ties: who serves which household, and the planted ties gaps.

A grid's status decides the shape: one leader serving everyone
(``grid_single_point``), members serving in turn (no lighthouses), nobody
(no roots: every household unserved), or lighthouses serving their
neighbours, a few overloaded, with contacts for the rest and a few
``household_unserved`` left out.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from typing import Any

from gridnet.loaders.synthetic.city import City, Grid, date_between
from gridnet.loaders.synthetic.gaps import MAX_SERVED, RATE_OVERLOADED, RATE_UNSERVED
from gridnet.loaders.synthetic.sinks import Sink


def emit_service_ties(
    city: City,
    sink: Sink,
    rng: random.Random,
    g: Grid,
    hh: list[dict[str, Any]],
    leader: str,
    members: list[str],
    cadres: list[str],
) -> None:
    """Who serves which household in this grid, shaped by the grid's planted status."""
    plain = [h for h in hh if not h["lighthouse"]]
    ties: dict[tuple[str, str, str], None] = {}  # an ordered set

    def tie(server_type: str, server: str, household: str) -> None:
        ties[(server_type, server, household)] = None

    if g.status == "single_point":
        for h in plain:
            tie("person", leader, h["id"])
    elif g.status == "no_lighthouse":
        servers = [leader, *members]
        for i, h in enumerate(plain):
            tie("person", servers[i % len(servers)], h["id"])
    elif g.status != "funds":
        unserved = [h for h in plain if rng.random() < RATE_UNSERVED]
        city.planted["household_unserved"] += [h["id"] for h in unserved]
        skip = {h["id"] for h in unserved}
        servable = [h for h in plain if h["id"] not in skip]
        lights = [h for h in hh if h["lighthouse"]]
        want = [
            rng.randint(11, 15) if rng.random() < RATE_OVERLOADED else rng.randint(4, 9)
            for _ in lights
        ]
        if g.id == city.force_overload and lights:  # at least one overloaded lighthouse
            want[0] = max(want[0], 12)
        _fit(want, len(servable))
        pos = 0
        for h, k in zip(lights, want, strict=True):
            for s in servable[pos : pos + k]:
                tie("household", h["id"], s["id"])
            if k > MAX_SERVED:
                city.planted["lighthouse_overloaded"].append(h["id"])
            pos += k
        contacts = [leader, *members]
        for i, s in enumerate(servable[pos:]):
            tie("person", contacts[i % len(contacts)], s["id"])
        for s in servable:
            if s["vulnerable"]:
                tie("person", rng.choice((leader, leader, rng.choice(cadres))), s["id"])
        for m in members:
            for s in rng.sample(servable, min(len(servable), rng.randint(0, 4))):
                tie("person", m, s["id"])
    else:
        city.planted["household_unserved"] += [h["id"] for h in plain]
    for stype, server, household in ties:
        sink.add(
            "service_ties",
            {
                "server_type": stype,
                "server_id": server,
                "household_id": household,
                "since": date_between(rng, date(2013, 3, 1), city.as_of - timedelta(days=30)),
            },
        )


def _fit(want: list[int], available: int) -> None:
    """Trim normal loads (≤ MAX_SERVED) until they fit; drop overloads only if needed."""
    while sum(want) > available:
        normal = [i for i, k in enumerate(want) if 1 < k <= MAX_SERVED]
        if normal:
            i = max(normal, key=lambda j: (want[j], -j))
            want[i] -= 1
            continue
        over = [i for i, k in enumerate(want) if k > MAX_SERVED]
        if over:
            want[over[0]] = MAX_SERVED
            continue
        ones = [i for i, k in enumerate(want) if k == 1]
        want[ones[-1]] = 0
