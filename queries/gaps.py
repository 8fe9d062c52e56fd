"""Coverage gaps (queries/GAPS.md) as Python calls: the rows of one gap code, the report,
and the nodes behind the gaps of some grids.

Why: the CLI, the explorer and the tests all ask the same questions ("which
households are unserved in community C?"). The gaps themselves are declared once
in `gap_rules` and their queries composed in `compose`; this module runs them.

>>> severity(0), severity(3), severity(4), severity(8)
('none', 'low', 'medium', 'high')
>>> GAPS["household_unserved"].query
'gap_household_unserved'
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any

from gridnet.db import Database
from gridnet.queries import catalog, compose, runner
from gridnet.queries.gap_rules import GAP_CODES, GAPS, MAX_SERVED, Gap, score, severity
from gridnet.queries.life_circle import DEFAULT, LifeCircle

__all__ = [
    "GAPS",
    "GAP_CODES",
    "MAX_SERVED",
    "Gap",
    "find",
    "gap_nodes",
    "gap_report",
    "keys",
    "score",
    "severity",
]


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
    max_served: int = MAX_SERVED,
    timeout: float | None = None,
    circle: LifeCircle | None = None,
    within: Sequence[str] | None = None,
) -> list[dict[str, Any]]:
    """Rows of one gap code in scope (ids; None = whole city), as the explorer shows them.

    `circle`: the life-circle table of ``category_out_of_reach`` (None: the default).
    `within`: exactly these grids (or communities, for a rule that starts from its
    community, `Gap.anchor` ``c``) instead of a scope.
    """
    if code not in GAPS:
        raise KeyError(f"unknown gap code {code!r}; known: {', '.join(GAP_CODES)}")
    spec = catalog.get(GAPS[code].query)
    values = {**_scope(district, community, grid), "as_of": as_of, "max_served": max_served}
    if circle is not None:
        values.update(circle.params())
    if within is None:
        return catalog.rows(db, spec, _params(spec, values), timeout)
    bound = catalog.prepare(db, spec, _params(spec, values), timeout, within)
    return runner.execute_read(db, spec.text, bound, timeout).records()


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
    max_served: int = MAX_SERVED,
    only_gaps: bool = False,
    timeout: float | None = None,
    circle: LifeCircle | None = None,
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
        **(circle.params() if circle is not None else {}),
    }
    return catalog.rows(db, "gap_report", values, timeout)


def gap_nodes(
    db: Database,
    grids: Sequence[str],
    as_of: dt.date | None = None,
    max_served: int = MAX_SERVED,
    timeout: float | None = None,
    circle: LifeCircle = DEFAULT,
) -> list[dict[str, Any]]:
    """The nodes behind the node-level gaps of `grids`: ``{grid, label, id, gap, name}``.

    The network view rings them red; the rules are the same the report counts (the
    households out of walking reach of a category by the life-circle table `circle`).
    """
    params = {
        "grids": list(grids),
        "as_of": as_of,
        "max_served": int(max_served),
        **circle.params(),
    }
    return runner.execute_read(db, compose.gap_nodes(), params, timeout).records()
