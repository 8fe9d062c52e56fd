"""A file of workflow events (as exported from an existing 督办 system), checked row by row.

Columns (CSV, UTF-8 with or without BOM; header names exact): ``case_id``, ``action``
(assign 交办 / report 报整改), ``on`` (the date it happened; empty: today),
``assignee`` and ``due`` (assign), ``by`` (report: the assignee reporting),
``note``, ``evidence``, ``actor`` (empty: the operator). Rows are numbered as a
spreadsheet shows them: the header is row 1. Every bad cell is named by file, row
and column; the events are applied all together or not at all
(`cases.apply_events`).
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
from pathlib import Path

from gridnet.workflow.cases import CaseError, WorkflowEvent

__all__ = ["ACTIONS", "COLUMNS", "digest", "read_events"]

COLUMNS = ("case_id", "action", "on", "assignee", "due", "by", "note", "evidence", "actor")
ACTIONS = {"assign": "assign", "交办": "assign", "report": "report", "报整改": "report"}


def digest(path: Path) -> str:
    """The file's content hash: the identity of an import (the same file twice is one)."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _date(text: str) -> dt.date:
    return dt.date.fromisoformat(text.strip())


def read_events(path: Path, actor: str, today: dt.date | None = None) -> list[WorkflowEvent]:
    """The events of `path`, or one `CaseError` naming every bad row and column."""
    today = today or dt.date.today()
    try:
        with path.open(encoding="utf-8-sig", newline="") as fh:
            rows = list(csv.reader(fh))
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        raise CaseError(f"{path.name}: cannot read ({exc.__class__.__name__}: {exc})") from None
    if not rows:
        raise CaseError(f"{path.name}: empty file; expected a header with {', '.join(COLUMNS)}")
    header = [h.strip() for h in rows[0]]
    unknown = [h for h in header if h not in COLUMNS]
    missing = [h for h in ("case_id", "action") if h not in header]
    if unknown or missing:
        parts = []
        if unknown:
            parts.append(f"unknown column(s) {', '.join(unknown)}")
        if missing:
            parts.append(f"missing column(s) {', '.join(missing)}")
        raise CaseError(f"{path.name}: row 1: {'; '.join(parts)}; columns: {', '.join(COLUMNS)}")
    problems: list[str] = []
    events: list[WorkflowEvent] = []
    for number, cells in enumerate(rows[1:], start=2):
        if not any(c.strip() for c in cells):
            continue
        if len(cells) > len(header):
            problems.append(
                f"{path.name}: row {number}: {len(cells)} cells, header has {len(header)}"
            )
            continue
        row = {h: (cells[i].strip() if i < len(cells) else "") for i, h in enumerate(header)}
        where = f"{path.name}: row {number}"
        bad: list[str] = []
        if not row.get("case_id"):
            bad.append(f"{where}, column case_id: empty")
        action = ACTIONS.get(row.get("action", ""))
        if action is None:
            bad.append(f"{where}, column action: {row.get('action')!r} is not assign or report")
        dates: dict[str, dt.date | None] = {}
        for column in ("on", "due"):
            text = row.get(column, "")
            try:
                dates[column] = _date(text) if text else None
            except ValueError:
                bad.append(f"{where}, column {column}: {text!r} is not a date (YYYY-MM-DD)")
        if action == "assign" and not row.get("assignee"):
            bad.append(f"{where}, column assignee: empty; an assignment needs one")
        if (
            action == "assign"
            and not row.get("due")
            and f"{where}, column due" not in " ".join(bad)
        ):
            bad.append(f"{where}, column due: empty; an assignment needs a due date")
        if action == "report" and not row.get("by"):
            bad.append(f"{where}, column by: empty; a report names the assignee reporting")
        if bad:
            problems += bad
            continue
        assert action is not None
        events.append(
            WorkflowEvent(
                action=action,
                case_id=row["case_id"],
                on=dates.get("on") or today,
                actor=row.get("actor") or actor,
                assignee=row.get("assignee") or None,
                due=dates.get("due"),
                by=row.get("by") or None,
                note=row.get("note", ""),
                evidence=row.get("evidence") or None,
                where=where,
            )
        )
    if problems:
        raise CaseError("\n".join(problems))
    return events
