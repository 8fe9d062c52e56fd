"""Service requests: about one per two households a year, some planted overdue.

Categories are drawn by weight (vulnerable households lean to care and
assistance, and ask twice as often); each request goes to a platform that
reaches its grid for that category, per ``platforms.build_routes``. A planted
``category_unmet`` pair gets a few extra requests so the gap shows up.
"""

from __future__ import annotations

import math
import random
from datetime import datetime, timedelta
from typing import Any

from gridnet.loaders.synthetic import vocab
from gridnet.loaders.synthetic.city import City, Grid
from gridnet.loaders.synthetic.gaps import RATE_OVERDUE
from gridnet.loaders.synthetic.sinks import Sink

REQUESTS_PER_HOUSEHOLD = 0.5


def emit_requests(
    city: City,
    sink: Sink,
    rng: random.Random,
    g: Grid,
    hh: list[dict[str, Any]],
    handlers: list[str],
) -> None:
    """All requests of one grid's households, then the forced unmet ones."""
    cats = vocab.CATEGORIES
    weights = [c.weight for c in cats]
    vweights = [
        c.weight
        * (3 if c.code in ("elder_care", "social_assistance", "disability", "health") else 1)
        for c in cats
    ]
    forced = [c for gid, c in city.unmet if gid == g.id]
    for h in hh:
        lam = REQUESTS_PER_HOUSEHOLD * (2.0 if h["vulnerable"] else 1.0)
        n = _poisson(rng, lam)
        for _ in range(n):
            cat = rng.choices(cats, vweights if h["vulnerable"] else weights)[0]
            request(city, sink, rng, g, h["id"], cat, handlers)
    for code in forced:
        for _ in range(rng.randint(2, 4)):
            request(
                city, sink, rng, g, rng.choice(hh)["id"], vocab.CATEGORY_BY_CODE[code], handlers
            )


def request(
    city: City,
    sink: Sink,
    rng: random.Random,
    g: Grid,
    household: str,
    cat: vocab.Category,
    handlers: list[str],
) -> None:
    """One request: opened in the window, closed, late, open or overdue."""
    rid = city.next_id("R", 8)
    day = rng.randint(0, 364)
    hour = rng.choices(range(7, 22), (2, 6, 9, 9, 8, 5, 5, 7, 8, 7, 6, 5, 4, 3, 2))[0]
    opened = city.window_start + timedelta(
        days=day, hours=hour, minutes=rng.randint(0, 59), seconds=rng.randint(0, 59)
    )
    deadline = opened.date() + timedelta(days=cat.deadline_days)
    median = 0.35 * cat.deadline_days
    duration = max(0.05, median * math.exp(rng.gauss(0, 0.9)))
    closed: datetime | None = opened + timedelta(days=duration)
    closed = closed.replace(microsecond=0) if closed else None
    status = "closed"
    if deadline < city.as_of and rng.random() < RATE_OVERDUE:
        status, closed = rng.choice(("open", "in_progress", "in_progress")), None
        city.planted["request_overdue"].append(rid)
    elif closed is not None and closed >= city.as_of_dt:
        if deadline >= city.as_of:
            status = "open" if (city.as_of_dt - opened).days < 2 else "in_progress"
            closed = None
        else:  # closed late, but before the snapshot
            lo = datetime.combine(deadline + timedelta(days=1), datetime.min.time())
            span = int((city.as_of_dt - lo).total_seconds())
            closed = (
                lo + timedelta(seconds=rng.randint(0, span - 3600))
                if span > 3600
                else city.as_of_dt - timedelta(minutes=30)
            )
    late = closed is not None and closed.date() > deadline
    satisfaction = None
    if closed is not None and rng.random() < 0.85:
        satisfaction = rng.choices(
            (5, 4, 3, 2, 1), (20, 30, 30, 12, 8) if late else (55, 30, 10, 3, 2)
        )[0]
    route = city.route[g.id].get(cat.code) or [city.main_platform[g.community]]
    platform = route[0] if rng.random() < 0.7 else rng.choice(route)
    sink.add(
        "service_requests",
        {
            "id": rid,
            "household_id": household,
            "category_id": cat.code,
            "status": status,
            "opened_at": opened.isoformat(),
            "deadline": deadline.isoformat(),
            "closed_at": closed.isoformat() if closed else None,
            "platform_id": platform,
            "handler_id": rng.choice(handlers) if rng.random() < 0.9 else None,
            "title": rng.choice(cat.titles),
            "satisfaction": satisfaction,
        },
    )


def _poisson(rng: random.Random, lam: float) -> int:
    """A Poisson draw by Knuth's method; fine for the small means used here."""
    n, p, threshold = 0, rng.random(), math.exp(-lam)
    while p > threshold:
        n += 1
        p *= rng.random()
    return n
