"""Every write of the rectification workflow (督办 → 整改 → 销号), in one module.

Why one module: snapshots, assignments, reported fixes and bulk imports change the
same cases and append to the same audit trail, and the rules (which state may go
where, who may report, what is refused) must hold whichever path is taken. Each
public function here runs in ONE explicit write transaction (`Session.execute_write`):
a failure leaves nothing behind. The one exception is `record_snapshot`, which a city
of a million households would push past the server's per-transaction memory limit: it
writes in batches, each idempotent, and marks the snapshot complete last, so readers
never see half of one and a run that was cut off is resumed by the next. The Cypher
is in ``cases.cypher``; an event (`CaseEvent`) is only ever created, never updated or
deleted.

States (`graph.model.CASE_STATES`)::

    open 待办 --assign--> assigned 已交办 --report--> reported 已报整改
    reported --(snapshot without the finding)--> verified 已销号
    reported --(snapshot still showing it)--> reopened 重新打开 --assign--> assigned
    verified --(finding comes back)--> reopened
    open / assigned / reopened --(finding gone)--> verified

An assigned case past its due date is shown as overdue 逾期 (`effective_state`).
Input a user can correct (an unknown case or organisation, a past due date, a report
by someone the case is not assigned to) raises `CaseError` before anything is
written. Assigning a case someone else has just assigned raises `CaseConflict`; the
refused attempt stays in the audit trail next to the one that won.

>>> effective_state("assigned", dt.date(2024, 1, 1), dt.date(2024, 2, 1))
'overdue'
>>> effective_state("assigned", dt.date(2024, 3, 1), dt.date(2024, 2, 1))
'assigned'
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from neo4j import ManagedTransaction

from gridnet import cypher
from gridnet.db import Database
from gridnet.errors import CommandFailed, GridnetError

__all__ = [
    "ASSIGNABLE",
    "SNAPSHOT_BATCH",
    "WRITE_WORKERS",
    "CaseConflict",
    "CaseError",
    "Finding",
    "SnapshotResult",
    "WorkflowEvent",
    "apply_events",
    "assign",
    "effective_state",
    "keep_evidence",
    "record_snapshot",
    "report",
    "snapshot_hash",
]

CYPHER_FILE = Path(__file__).with_name("cases.cypher")
# Findings per snapshot transaction: a city of a million households has some hundred
# thousand, more than one transaction may hold under the server's memory limit.
SNAPSHOT_BATCH = 5000
# Snapshot batches written at once (about 0.7x the time of one at a time, 2 cores).
WRITE_WORKERS = 2

# States a case may be assigned from (assigned too, when reassigning on purpose).
ASSIGNABLE = ("open", "reopened")


class CaseError(GridnetError):
    """Input the user can correct: the message says what; nothing was written (exit 2)."""


class CaseConflict(CommandFailed):
    """Someone changed the case first (exit 1); the refused attempt is in the audit trail."""


@dataclass(frozen=True)
class Finding:
    """One gap on one unit on the snapshot's date; `key` is the case key ``code:unit_id``."""

    code: str
    unit_id: str
    grid_id: str | None
    community_id: str | None
    points: float

    @property
    def key(self) -> str:
        return f"{self.code}:{self.unit_id}"

    def row(self) -> dict[str, Any]:
        return {
            "key": self.key,
            "code": self.code,
            "unit_id": self.unit_id,
            "grid_id": self.grid_id,
            "community_id": self.community_id,
            "points": self.points,
        }


@dataclass(frozen=True)
class SnapshotResult:
    """What `record_snapshot` did: ``created`` False when that date's data was recorded already."""

    id: str
    as_of: dt.date
    findings: int
    created: bool
    moved_cases: bool = False
    events: int = 0


@dataclass(frozen=True)
class WorkflowEvent:
    """One workflow change to apply: ``assign`` or ``report`` (from the CLI, the page, a file)."""

    action: str
    case_id: str
    on: dt.date
    actor: str
    assignee: str | None = None
    due: dt.date | None = None
    by: str | None = None
    note: str = ""
    evidence: str | None = None
    reassign: bool = False
    where: str = ""  # "file.csv row 3" for messages; empty for a single command


@dataclass
class _Refusal:
    message: str
    events: list[str] = field(default_factory=list)


@cache
def _q(name: str) -> cypher.Query:
    return cypher.load_file(CYPHER_FILE)[name]


def effective_state(state: str, due: dt.date | None, today: dt.date) -> str:
    """The state shown: ``overdue`` for an assigned case past its due date."""
    if state == "assigned" and due is not None and due < today:
        return "overdue"
    return state


def snapshot_hash(as_of: dt.date, findings: Sequence[Finding]) -> str:
    """A content hash of the findings of one date (order does not matter)."""
    rows = sorted(json.dumps(f.row(), sort_keys=True, ensure_ascii=False) for f in findings)
    text = as_of.isoformat() + "\n" + "\n".join(rows)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def record_snapshot(
    db: Database,
    findings: Sequence[Finding],
    as_of: dt.date,
    actor: str,
    note: str = "",
    batch: int = SNAPSHOT_BATCH,
) -> SnapshotResult:
    """Record the findings of `as_of` and move the cases, `batch` findings per transaction.

    The same findings on the same date give the same hash: the existing snapshot is
    returned and nothing is written; one left incomplete by a run that was cut off is
    finished. A snapshot older than the latest one is kept for the record but moves no
    case (cases follow time forward). Every batch is idempotent (MERGE, and a case
    moves only when its state changes), so finishing an incomplete snapshot writes
    each finding, case move and event once.
    """
    digest = snapshot_hash(as_of, findings)
    snapshot_id = f"S-{as_of.isoformat()}-{digest[:12]}"
    rows = [f.row() for f in findings]
    keys = [f.key for f in findings]
    params = {"id": snapshot_id, "as_of": as_of, "hash": digest, "note": note}

    def begin(tx: ManagedTransaction) -> tuple[SnapshotResult | None, bool]:
        seen = tx.run(_q("snapshot_exists").text, as_of=as_of, hash=digest).single()
        if seen is not None and seen["complete"]:
            found = SnapshotResult(str(seen["id"]), as_of, int(seen["findings"]), created=False)
            return found, False
        latest = tx.run(_q("latest_as_of").text, id=snapshot_id).single()
        latest_as_of = latest["as_of"] if latest is not None else None
        current = latest_as_of is None or latest_as_of.to_native() <= as_of
        tx.run(_q("begin_snapshot").text, params, actor=actor, total=len(rows)).consume()
        return None, current

    def write(name: str, **values: Any) -> int:
        def work(tx: ManagedTransaction) -> int:
            got = tx.run(_q(name).text, values).single()
            return int(got["events"]) if got is not None and "events" in got.keys() else 0

        with db.session() as s:
            return s.execute_write(work)

    with db.session() as s:
        done, current = s.execute_write(begin)
    if done is not None:
        return done
    common = {"as_of": as_of, "actor": actor, "snapshot": snapshot_id}

    # One statement per batch: the findings, then their cases through the bound finding.
    observe = _q("add_findings").text + "\n" + _q("observe").text

    def add(part: list[dict[str, Any]]) -> int:
        """One batch, its findings and (in a current snapshot) its cases, in one transaction."""

        def work(tx: ManagedTransaction) -> int:
            if not current:
                tx.run(_q("add_findings").text, id=snapshot_id, findings=part).consume()
                return 0
            got = tx.run(observe, common, id=snapshot_id, findings=part).single()
            return int(got["events"]) if got is not None else 0

        with db.session() as s:
            return s.execute_write(work)

    # Batches touch disjoint findings and cases: a few at a time keep the server busy.
    with ThreadPoolExecutor(max_workers=WRITE_WORKERS) as pool:
        events = sum(pool.map(add, [rows[i : i + batch] for i in range(0, len(rows), batch)]))
    while current:
        moved = write("verify_gone", **common, keys=keys, batch=batch)
        events += moved
        if moved == 0:
            break
    write("finish_snapshot", id=snapshot_id)
    return SnapshotResult(snapshot_id, as_of, len(rows), True, current, events)


def _event(tx: ManagedTransaction, ev: WorkflowEvent, outcome: str, **values: Any) -> None:
    params = {
        "id": ev.case_id,
        "on": ev.on,
        "actor": ev.actor,
        "action": ev.action,
        "outcome": outcome,
        "note": ev.note,
        "assignee": None,
        "due": None,
        "evidence": None,
        "from_state": None,
        "to_state": None,
        **values,
    }
    tx.run(_q("event").text, params).consume()


def _where(ev: WorkflowEvent, column: str) -> str:
    return f"{ev.where}, column {column}: " if ev.where else ""


def _apply(tx: ManagedTransaction, ev: WorkflowEvent) -> _Refusal | None:
    """Apply one event inside `tx`; raises CaseError on bad input, returns a refusal."""
    case = tx.run(_q("lock_case").text, id=ev.case_id).single()
    if case is None:
        raise CaseError(f"{_where(ev, 'case_id')}unknown case {ev.case_id!r} 无此督办事项")
    state = str(case["state"])
    if ev.action == "assign":
        if not ev.assignee:
            raise CaseError(f"{_where(ev, 'assignee')}an assignment needs an assignee 缺少承办单位")
        who = tx.run(_q("assignee_kind").text, assignee=ev.assignee).single()
        if who is None or who["kind"] is None:
            raise CaseError(
                f"{_where(ev, 'assignee')}unknown organisation or person {ev.assignee!r} "
                "无此组织或人员"
            )
        if ev.due is None:
            raise CaseError(f"{_where(ev, 'due')}an assignment needs a due date 缺少整改期限")
        if ev.due < ev.on:
            raise CaseError(
                f"{_where(ev, 'due')}due date {ev.due.isoformat()} is before "
                f"{ev.on.isoformat()} 整改期限已过"
            )
        allowed = (*ASSIGNABLE, "assigned") if ev.reassign else ASSIGNABLE
        if state not in allowed:
            _event(
                tx,
                ev,
                "refused",
                assignee=ev.assignee,
                due=ev.due,
                from_state=state,
                to_state=state,
            )
            holder = f" to {case['assignee']}" if case["assignee"] else ""
            return _Refusal(
                f"case {ev.case_id} is {state}{holder} already; not assigned "
                f"督办事项已被处理（{state}），本次交办未生效"
            )
        tx.run(
            _q("set_assigned").text,
            id=ev.case_id,
            assignee=ev.assignee,
            kind=who["kind"],
            name=who["name"],
            due=ev.due,
            on=ev.on,
        ).consume()
        _event(
            tx,
            ev,
            "applied",
            assignee=ev.assignee,
            due=ev.due,
            from_state=state,
            to_state="assigned",
        )
        return None
    if ev.action == "report":
        if state != "assigned":
            raise CaseError(
                f"{_where(ev, 'case_id')}case {ev.case_id} is {state}, not assigned: "
                "nothing to report 未交办，不能报整改"
            )
        if not ev.by or ev.by != case["assignee"]:
            raise CaseError(
                f"{_where(ev, 'by')}case {ev.case_id} is assigned to {case['assignee']}, "
                f"not to {ev.by!r} 非本单位承办事项"
            )
        tx.run(_q("set_reported").text, id=ev.case_id, on=ev.on, evidence=ev.evidence).consume()
        _event(
            tx,
            ev,
            "applied",
            assignee=ev.by,
            evidence=ev.evidence,
            from_state=state,
            to_state="reported",
        )
        return None
    raise CaseError(f"{_where(ev, 'action')}unknown action {ev.action!r}; use assign or report")


def _one(db: Database, ev: WorkflowEvent) -> None:
    def work(tx: ManagedTransaction) -> _Refusal | None:
        return _apply(tx, ev)

    with db.session() as s:
        refusal = s.execute_write(work)
    if refusal is not None:
        raise CaseConflict(refusal.message)


def assign(
    db: Database,
    case_id: str,
    assignee: str,
    due: dt.date,
    actor: str,
    note: str = "",
    today: dt.date | None = None,
    reassign: bool = False,
) -> None:
    """Assign (交办) a case to an organisation or person with a due date and a note."""
    on = today or dt.date.today()
    _one(db, WorkflowEvent("assign", case_id, on, actor, assignee, due, None, note, None, reassign))


def keep_evidence(folder: Path, name: str, data: bytes) -> str:
    """Keep an uploaded evidence file (整改佐证) and return what the case records.

    Stored once by content (``<folder>/<sha256>/<name>``, the name stripped of any
    path), so the same photo sent twice is one file; the case's ``evidence`` is the
    path relative to `folder`.
    """
    digest = hashlib.sha256(data).hexdigest()
    clean = Path(name).name.strip() or "evidence"
    target = folder / digest / clean
    target.parent.mkdir(parents=True, exist_ok=True)
    if not target.exists():
        target.write_bytes(data)
    return f"{digest}/{clean}"


def report(
    db: Database,
    case_id: str,
    by: str,
    actor: str,
    note: str = "",
    evidence: str | None = None,
    today: dt.date | None = None,
) -> None:
    """Report a case rectified (报整改) on behalf of `by`, who must be its assignee."""
    on = today or dt.date.today()
    _one(db, WorkflowEvent("report", case_id, on, actor, None, None, by, note, evidence))


def apply_events(
    db: Database,
    events: Sequence[WorkflowEvent],
    digest: str | None = None,
    source: str = "",
    actor: str = "",
) -> int:
    """Apply many events in ONE write transaction: all of them, or none.

    Every event is tried; the messages of all that fail (their ``where`` names the
    row and column) are raised together as one `CaseError` and nothing is written.
    With `digest` (the file's content hash, `events_file.digest`) the import is
    recorded as a ``CaseImport``, and a file imported already applies nothing and
    returns 0: importing the same file twice is one import (``gridnet replay``
    relies on it).
    """

    def work(tx: ManagedTransaction) -> int:
        if digest is not None and tx.run(_q("import_exists").text, hash=digest).single():
            return 0
        problems: list[str] = []
        for ev in events:
            try:
                refusal = _apply(tx, ev)
            except CaseError as exc:
                problems.append(str(exc))
                continue
            if refusal is not None:
                problems.append(f"{ev.where}, column case_id: {refusal.message}")
        if problems:
            raise CaseError("\n".join(problems))
        if digest is not None:
            params = {"hash": digest, "source": source, "events": len(events), "actor": actor}
            tx.run(_q("record_import").text, params).consume()
        return len(events)

    with db.session() as s:
        return s.execute_write(work)
