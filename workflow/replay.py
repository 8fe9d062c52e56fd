"""``gridnet replay DIR``: the months written by ``gridnet generate --months N``, in order.

Why: a fresh machine (``make demo``) and the tests need the workflow's history —
snapshots a month apart, cases assigned, reported, verified and reopened — not
just today's graph. For each ``month-NN`` folder, in order: load its tables, take
the snapshot of its date (``--as-of`` the month's ``as_of``), import its
``workflow-events.csv``. Every step is idempotent (a load of the same rows changes
nothing, the same findings on the same date are the same snapshot, an events file
is imported once: `cases.apply_events` records its hash), and a month whose
events file was imported is done and skipped — its tables are not loaded again,
because a load never deletes and an older month on top of a newer one would move
the graph back. So a replay that was interrupted can be run again and ends in the
same graph as one that never stopped.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from gridnet.db import Database
from gridnet.errors import GridnetError
from gridnet.loaders.pipeline import load_path
from gridnet.loaders.synthetic.months import EVENTS_FILE
from gridnet.workflow import cases, events_file, review, snapshot

__all__ = ["Month", "MonthResult", "months", "replay"]


@dataclass(frozen=True)
class Month:
    """One month folder: its name, its snapshot date and its events file."""

    name: str
    path: Path
    as_of: dt.date

    @property
    def events(self) -> Path:
        return self.path / EVENTS_FILE


@dataclass(frozen=True)
class MonthResult:
    """What replaying one month did (``done_before``: skipped, it was replayed already)."""

    month: Month
    done_before: bool
    findings: int = 0
    case_changes: int = 0
    events: int = 0


def months(folder: Path) -> list[Month]:
    """The months of `folder`, from its ``manifest.json``; a clear error when it is not one."""
    manifest_path = folder / "manifest.json"
    try:
        manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
        listed = manifest["months"]
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise GridnetError(
            f"{manifest_path}: not a folder written by `gridnet generate --months N` "
            f"({exc.__class__.__name__}: {exc})"
        ) from None
    found = []
    for entry in listed:
        path = folder / str(entry["dir"])
        month = Month(path.name, path, dt.date.fromisoformat(str(entry["as_of"])))
        if not month.events.is_file():
            raise GridnetError(f"{month.events}: missing; every month has its events file")
        found.append(month)
    return found


def replay(
    db: Database,
    folder: Path,
    actor: str,
    stop_after: int | None = None,
    on_month: Callable[[MonthResult], None] | None = None,
) -> list[MonthResult]:
    """Replay the months of `folder` (the first `stop_after` only, when given)."""
    results = []
    for number, month in enumerate(months(folder), start=1):
        if stop_after is not None and number > stop_after:
            break
        digest = events_file.digest(month.events)
        if review.imported(db, digest):
            result = MonthResult(month, done_before=True)
        else:
            loaded = load_path(db, month.path, rejects=None, progress=False)
            if loaded.report.rejected_rows:
                raise GridnetError(
                    f"{month.path}: {loaded.report.rejected_rows} row(s) rejected; "
                    f"check it with `gridnet load {month.path} --dry-run`"
                )
            taken = snapshot.take(db, month.as_of, actor, f"replay {month.name}")
            events = events_file.read_events(month.events, actor, today=month.as_of)
            applied = cases.apply_events(db, events, digest, f"{month.name}/{EVENTS_FILE}", actor)
            result = MonthResult(month, False, taken.findings, taken.events, applied)
        results.append(result)
        if on_month is not None:
            on_month(result)
    return results
