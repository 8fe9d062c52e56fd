"""The gap findings of one date, derived from the gap rules, and `take`, which records them.

Why derived here and not written again: each gap is declared once
(`queries.gap_rules`) and found by its composed per-gap query (`queries.gaps.find`);
a snapshot runs those queries over the whole city and keeps, per hit, the case key
``code:unit_id``, its grid and community and its severity contribution
(``weight / per``: what one hit adds to its grid's score).

Why it reads the rollups first: a grid's gap-report row counts exactly the hits of
each rule there, so with fresh rollups (`queries.rollup.flagged`) each rule runs only
on the grids (or communities) that have it, most of them a few hundred of a city's
thousands. The rules that read the day (overdue requests, funding years) use them
only when they were computed for the day searched; the others hold whatever their
day. A write to the network meanwhile is caught (`rollup.generation`) and the search
is run again over the whole city.

>>> unit_id("category_unmet", {"grid_id": "G-1", "category_id": "elder_care"})
'G-1/elder_care'
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from gridnet.db import Database
from gridnet.queries import gaps, rollup
from gridnet.queries.gap_rules import GAPS, MAX_SERVED
from gridnet.workflow import cases

__all__ = ["FIND_WORKERS", "findings", "take", "unit_id"]

# Gap queries run at once while a snapshot finds its gaps.
FIND_WORKERS = 3


def unit_id(code: str, row: Mapping[str, Any]) -> str:
    """The unit of a hit: its key column, or the key columns joined with ``/``."""
    return "/".join(str(row[column]) for column in GAPS[code].key)


def _within(flags: rollup.Flags | None, code: str, as_of: dt.date) -> Sequence[str] | None:
    """Where rule `code` needs to run on `as_of` (None: everywhere)."""
    gap = GAPS[code]
    if flags is None or ("as_of" in gap.inputs and flags.as_of != as_of):
        return None
    by_anchor = flags.communities if gap.anchor == "c" else flags.grids
    return by_anchor.get(code, [])


def _search(
    db: Database,
    as_of: dt.date,
    max_served: int,
    timeout: float | None,
    flags: rollup.Flags | None,
) -> dict[str, list[dict[str, Any]]]:
    def rows(code: str) -> list[dict[str, Any]]:
        within = _within(flags, code, as_of)
        if within is not None and not within:
            return []
        return gaps.find(
            db, code, as_of=as_of, max_served=max_served, timeout=timeout, within=within
        )

    # The per-gap queries are independent reads: a few at a time keep both the server's
    # cores busy (about 0.6x the sequential time at a million households).
    with ThreadPoolExecutor(max_workers=FIND_WORKERS) as pool:
        return dict(zip(GAPS, pool.map(rows, GAPS), strict=True))


def findings(
    db: Database, as_of: dt.date, max_served: int = MAX_SERVED, timeout: float | None = 0
) -> list[cases.Finding]:
    """Every gap hit of the city on `as_of`, one `Finding` per code and unit.

    `timeout`: seconds per gap query; a snapshot is a batch job like a rollup
    refresh, so by default it has none (0), whatever the console's default.
    """
    flags = rollup.flagged(db, max_served)
    hits = _search(db, as_of, max_served, timeout, flags)
    if flags is not None and rollup.generation(db, max_served) != flags.generation:
        hits = _search(db, as_of, max_served, timeout, None)
    found: dict[str, cases.Finding] = {}
    for code, gap in GAPS.items():
        points = round(gap.weight / gap.per, 3)
        for row in hits[code]:
            f = cases.Finding(
                code, unit_id(code, row), row.get("grid_id"), row.get("community_id"), points
            )
            found.setdefault(f.key, f)
    return sorted(found.values(), key=lambda f: f.key)


def take(
    db: Database,
    as_of: dt.date,
    actor: str,
    note: str = "",
    max_served: int = MAX_SERVED,
    timeout: float | None = 0,
) -> cases.SnapshotResult:
    """Find the gaps of `as_of` and record them (idempotent: see `cases.record_snapshot`)."""
    return cases.record_snapshot(db, findings(db, as_of, max_served, timeout), as_of, actor, note)
