"""Reading the workflow: the reviewer's queue, one case and its history, snapshot changes.

Read transactions only; every write is in `gridnet.workflow.cases`.
"""

from __future__ import annotations

import datetime as dt
from functools import cache
from pathlib import Path
from typing import Any

from gridnet import cypher
from gridnet.db import Database
from gridnet.errors import GridnetError
from gridnet.graph.model import CASE_STATES
from gridnet.workflow.cases import effective_state

__all__ = [
    "case",
    "cases_mark",
    "history",
    "imported",
    "list_cases",
    "select",
    "since_last_snapshot",
    "snapshot_mark",
    "snapshots",
    "state_label",
]

CYPHER_FILE = Path(__file__).with_name("review.cypher")


@cache
def _q(name: str) -> cypher.Query:
    return cypher.load_file(CYPHER_FILE)[name]


def _plain(value: Any) -> Any:
    """Driver dates and times as Python ones (ISO text in JSON via `json_value`)."""
    return value.to_native() if hasattr(value, "to_native") else value


def json_value(value: Any) -> Any:
    """A value for JSON output: dates and times as ISO text."""
    value = _plain(value)
    return value.isoformat() if isinstance(value, dt.date | dt.datetime) else value


def state_label(state: str) -> str:
    """``待办 open``: the Chinese name first, the English beside it."""
    term = CASE_STATES.get(state)
    return f"{term.zh} {term.en}" if term else state


def list_cases(
    db: Database,
    community: str | None = None,
    code: str | None = None,
    state: str | None = None,
    grid: str | None = None,
    assignee: str | None = None,
    overdue: bool = False,
    today: dt.date | None = None,
    case_id: str | None = None,
) -> list[dict[str, Any]]:
    """The cases matching the filters, with their effective state (overdue shown as such).

    `state` may be any of `CASE_STATES`, ``overdue`` included; `overdue` True keeps
    only cases past their due date.
    """
    if state is not None and state not in CASE_STATES:
        raise GridnetError(f"unknown state {state!r}; use {', '.join(CASE_STATES)}")
    today = today or dt.date.today()
    stored = ["assigned"] if state == "overdue" else [state] if state else None
    params = {
        "id": case_id,
        "community": community,
        "code": code,
        "grid": grid,
        "assignee": assignee,
        "states": stored,
    }
    rows = []
    for row in db.read(_q("cases").text, params):
        row = {k: _plain(v) for k, v in row.items()}
        row["stored_state"] = row["state"]
        row["state"] = effective_state(row["state"], row["due"], today)
        row["overdue"] = row["state"] == "overdue"
        rows.append(row)
    return select(rows, state=state, overdue=overdue)


def select(
    rows: list[dict[str, Any]],
    community: str | None = None,
    code: str | None = None,
    state: str | None = None,
    assignee: str | None = None,
    overdue: bool = False,
) -> list[dict[str, Any]]:
    """The rows of `list_cases` that match its filters, in their order.

    Why: the explorer reads the whole queue once per change of any case (`cases_mark`)
    and narrows it here at each filter the reviewer picks; at 1M households a read of
    the 37k cases took 5 s.

    >>> rows = [{"community_id": "C1", "code": "grid_without_branch", "state": "overdue",
    ...          "assignee": "O-1", "overdue": True},
    ...         {"community_id": "C2", "code": "grid_without_branch", "state": "open",
    ...          "assignee": None, "overdue": False}]
    >>> [r["community_id"] for r in select(rows, code="grid_without_branch")]
    ['C1', 'C2']
    >>> [r["community_id"] for r in select(rows, overdue=True)]
    ['C1']
    >>> select(rows, community="C2", state="overdue")
    []
    """
    return [
        r
        for r in rows
        if (community is None or r["community_id"] == community)
        and (code is None or r["code"] == code)
        and (state is None or r["state"] == state)
        and (assignee is None or r["assignee"] == assignee)
        and (not overdue or r["overdue"])
    ]


def case(db: Database, case_id: str, today: dt.date | None = None) -> dict[str, Any]:
    """One case with its history; `GridnetError` if there is no such case."""
    rows = list_cases(db, today=today, case_id=case_id)
    if not rows:
        raise GridnetError(f"unknown case {case_id!r} 无此督办事项")
    return {**rows[0], "history": history(db, case_id)}


def history(db: Database, case_id: str) -> list[dict[str, Any]]:
    """The audit events of a case, oldest first (refused attempts included)."""
    return [
        {k: _plain(v) for k, v in r.items()} for r in db.read(_q("history").text, {"id": case_id})
    ]


def snapshots(db: Database, limit: int = 20) -> list[dict[str, Any]]:
    """The latest snapshots, newest first."""
    return [
        {k: _plain(v) for k, v in r.items()}
        for r in db.read(_q("snapshots").text, {"limit": limit})
    ]


def snapshot_mark(db: Database) -> str:
    """Changes whenever a snapshot is begun or completed: what everything a snapshot
    writes (findings, opened, verified and reopened cases) can be cached against."""
    row = db.read(_q("snapshot_mark").text)[0]
    return f"{row['snapshots']}/{row['complete']}@{_plain(row['latest'])}"


def cases_mark(db: Database) -> str:
    """Changes whenever any case does: what the whole queue can be cached against.

    A case changes state or assignee only with an audit event (`CaseEvent`, created in
    the same transaction, never deleted), and everything else it holds (last seen,
    grid, points) is written by a snapshot (`snapshot_mark`). Both are counts from the
    store's statistics: about a millisecond at any size.
    """
    events = db.read(_q("case_events").text)[0]["events"]
    return f"{snapshot_mark(db)}|{events}"


def since_last_snapshot(db: Database) -> dict[str, Any] | None:
    """Findings per code in the latest snapshot and the change since the one before.

    None when there is no snapshot. ``{"as_of", "previous", "total", "change",
    "by_code": {code: (now, change)}}``.
    """
    last = snapshots(db, limit=2)
    if not last:
        return None
    now = {
        r["code"]: r["findings"] for r in db.read(_q("snapshot_codes").text, {"id": last[0]["id"]})
    }
    before: dict[str, int] = {}
    if len(last) > 1:
        before = {
            r["code"]: r["findings"]
            for r in db.read(_q("snapshot_codes").text, {"id": last[1]["id"]})
        }
    codes = sorted(set(now) | set(before))
    return {
        "as_of": last[0]["as_of"],
        "previous": last[1]["as_of"] if len(last) > 1 else None,
        "total": sum(now.values()),
        "change": sum(now.values()) - sum(before.values()) if len(last) > 1 else None,
        "by_code": {c: (now.get(c, 0), now.get(c, 0) - before.get(c, 0)) for c in codes},
    }


def imported(db: Database, digest: str) -> bool:
    """Whether an events file with this content hash was imported already."""
    return bool(db.read(_q("imported").text, {"hash": digest}))


def area_name(db: Database, area_id: str) -> str | None:
    """The name of an area (a community on a supervision list); None when there is none."""
    rows = db.read(_q("area_name").text, {"id": area_id})
    return str(rows[0]["name"] or area_id) if rows else None
