"""Coverage gaps (queries/GAPS.md) as Python calls: one lookup per gap code and the report.

Why: the CLI, the explorer and the tests all ask the same questions ("which
households are unserved in community C?"), so the scope handling, the default
reference date and the severity rule live here once, next to the catalog
queries that do the work in Neo4j.

>>> severity(0), severity(3), severity(4), severity(8)
('none', 'low', 'medium', 'high')
>>> GAPS["household_unserved"].query
'gap_household_unserved'
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from gridnet.db import Database
from gridnet.queries import catalog

__all__ = [
    "GAPS",
    "GAP_CODES",
    "Gap",
    "WEIGHTS",
    "find",
    "gap_report",
    "keys",
    "score",
    "severity",
]


@dataclass(frozen=True)
class Gap:
    """A gap code, the catalog query that finds it and the columns that identify a hit."""

    code: str
    unit: str
    symptom: str
    query: str
    key: tuple[str, ...]


GAPS: dict[str, Gap] = {
    g.code: g
    for g in (
        Gap("grid_without_branch", "grid", "有灯见不到光", "gap_grid_without_branch", ("grid_id",)),
        Gap(
            "building_without_group",
            "building",
            "有灯见不到光",
            "gap_building_without_group",
            ("building_id",),
        ),
        Gap(
            "grid_without_lighthouse",
            "grid",
            "有灯见不到光",
            "gap_grid_without_lighthouse",
            ("grid_id",),
        ),
        Gap(
            "household_unserved",
            "household",
            "有火暖不了身",
            "gap_household_unserved",
            ("household_id",),
        ),
        Gap(
            "lighthouse_overloaded",
            "household",
            "有火暖不了身",
            "gap_lighthouse_overloaded",
            ("household_id",),
        ),
        Gap("request_overdue", "request", "有火暖不了身", "gap_request_overdue", ("request_id",)),
        Gap(
            "category_unmet",
            "(grid, category)",
            "有店买不到货",
            "gap_category_unmet",
            ("grid_id", "category_id"),
        ),
        Gap("funds_without_roots", "grid", "有水浇不到根", "gap_funds_without_roots", ("grid_id",)),
        Gap(
            "grid_single_point",
            "grid",
            "last mile on one person",
            "gap_grid_single_point",
            ("grid_id",),
        ),
        Gap(
            "community_missing_org_types",
            "community",
            "organisation diversity",
            "gap_community_missing_org_types",
            ("community_id",),
        ),
    )
}
GAP_CODES: tuple[str, ...] = tuple(GAPS)

# GAPS.md severity weights; per-unit weights are applied by `score`.
WEIGHTS: dict[str, int] = {
    "grid_without_branch": 5,
    "grid_without_lighthouse": 4,
    "funds_without_roots": 4,
    "grid_single_point": 3,
    "category_unmet": 2,
    "building_without_group": 1,
    "lighthouse_overloaded": 1,
    "request_overdue": 1,
    "household_unserved": 1,
    "community_missing_org_types": 1,
}


def severity(points: int) -> str:
    """GAPS.md: 0 none, 1-3 low, 4-7 medium, 8+ high."""
    if points <= 0:
        return "none"
    if points <= 3:
        return "low"
    return "medium" if points <= 7 else "high"


def score(row: Mapping[str, Any]) -> int:
    """Recompute a gap-report row's score from its counts (the Python twin of gap_report).

    >>> score({"has_branch": False, "lighthouses": 1, "unserved_households": 11})
    7
    """
    points = 0 if row.get("has_branch", True) else 5
    points += 4 if row.get("lighthouses", 1) == 0 else 0
    points += 4 if row.get("funds_without_roots") else 0
    points += 3 if row.get("single_point_person") else 0
    points += 2 * len(row.get("unmet_categories") or [])
    points += int(row.get("buildings_without_group") or 0)
    points += int(row.get("overloaded_lighthouses") or 0)
    points += -(-int(row.get("overdue_requests") or 0) // 5)
    points += -(-int(row.get("unserved_households") or 0) // 10)
    points += len(row.get("missing_org_types") or [])
    return points


def _scope(district: str | None, community: str | None, grid: str | None) -> dict[str, Any]:
    return {"district": district, "community": community, "grid": grid}


def _params(spec: catalog.QuerySpec, values: Mapping[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in values.items() if k in spec.param_names}


def find(
    db: Database,
    code: str,
    district: str | None = None,
    community: str | None = None,
    grid: str | None = None,
    as_of: dt.date | str | None = None,
    max_served: int = 10,
    timeout: float | None = None,
) -> list[dict[str, Any]]:
    """Rows of one gap code in scope (ids; None = whole city), as the explorer shows them."""
    if code not in GAPS:
        raise KeyError(f"unknown gap code {code!r}; known: {', '.join(GAP_CODES)}")
    spec = catalog.get(GAPS[code].query)
    values = {**_scope(district, community, grid), "as_of": as_of, "max_served": max_served}
    return catalog.rows(db, spec, _params(spec, values), timeout)


def keys(code: str, rows: list[dict[str, Any]]) -> set[Any]:
    """The identifying keys of gap rows: an id, or a tuple for multi-column units."""
    cols = GAPS[code].key
    if len(cols) == 1:
        return {r[cols[0]] for r in rows}
    return {tuple(r[c] for c in cols) for r in rows}


def gap_report(
    db: Database,
    district: str | None = None,
    community: str | None = None,
    grid: str | None = None,
    as_of: dt.date | str | None = None,
    max_served: int = 10,
    only_gaps: bool = False,
    timeout: float | None = None,
) -> list[dict[str, Any]]:
    """One row per grid in scope with its gap codes, counts, score and severity.

    Grids without gaps come back with severity ``none`` unless `only_gaps`.
    Rows are sorted by score, worst first.
    """
    values = {
        **_scope(district, community, grid),
        "as_of": as_of,
        "max_served": max_served,
        "only_gaps": only_gaps,
    }
    return catalog.rows(db, "gap_report", values, timeout)
