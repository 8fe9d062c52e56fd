"""The gap report's rollups: each grid's report row, computed once and read back fast.

Why: the live gap report (`compose.gap_report`) walks every household of every grid
in scope; at a million households the whole city takes seconds. A refresh runs that
same live query, grid batch by grid batch, and keeps each grid's row as a
``(:GapRollup)`` node; one ``(:GapRollupState)`` node records the ``as_of`` day and
``max_served`` the rows were computed for, and whether the network has been written
since (``stale``). No gap's logic is written here: a rollup *is* a row of the live
query.

Correctness never depends on freshness. `run` asks, in ONE read transaction, whether
the rollups answer this report (not stale, same day, same capacity, a rollup for
every grid in scope); only then does it read them, else it runs the live query. Both
return the same rows in the same order. Every write path that changes the network
marks the rollups stale before it writes (`mark_stale`: the loader, the privacy
migration) and the loader refreshes them after a load; a refresh finishes fresh only
if no write bumped the state's generation meanwhile. The rows depend on the day
(``request_overdue``, ``funds_without_roots``), so a report for another day than the
last refresh's runs live: ``gridnet snapshot`` (run daily) and ``gridnet refresh``
refresh for their day. ``gridnet check`` (`drift`) recomputes every row live and
names each field that differs.

Writes by hand (Cypher typed into ``cypher-shell``) bypass `mark_stale`: run
``gridnet refresh`` after them, or ``gridnet check`` to see whether they matter.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from neo4j import ManagedTransaction

from gridnet import cypher
from gridnet.db import Database
from gridnet.queries import compose, reference_day, runner
from gridnet.queries.gap_rules import FRAGMENTS_DIR, MAX_SERVED
from gridnet.queries.life_circle import DEFAULT

__all__ = [
    "DEFAULT_BATCH",
    "QUERY",
    "Drift",
    "Flags",
    "Refreshed",
    "columns",
    "drift",
    "flagged",
    "fresh",
    "fresh_day",
    "generation",
    "mark_stale",
    "refresh",
    "run",
    "state",
]

# The catalog query the rollups answer.
QUERY = "gap_report"
# Grids per refresh transaction: small enough to keep each write transaction small.
DEFAULT_BATCH = 500
_ROLLUP = FRAGMENTS_DIR / "rollup.cypher"


def _q(name: str) -> cypher.Query:
    return cypher.load_file(_ROLLUP)[name]


def columns() -> list[str]:
    """The report's columns, in order, as its ``// returns:`` header declares them."""
    rows = cypher.load_file(FRAGMENTS_DIR / "gap_report.cypher")["rows"]
    return [c.strip() for c in (rows.one("returns") or "").split(",") if c.strip()]


def _write_rows(db: Database, name: str, params: Mapping[str, Any]) -> list[dict[str, Any]]:
    """Run the write block `name` in a managed write transaction; its rows."""
    text = _q(name).text

    def work(tx: ManagedTransaction) -> list[dict[str, Any]]:
        return [record.data() for record in tx.run(text, dict(params))]

    with db.session() as s:
        return s.execute_write(work)


def mark_stale(db: Database) -> None:
    """Tell readers not to trust the rollups: the network is being written.

    A no-op before the first refresh (no rollups, nothing to trust).
    """
    db.write(_q("stale").text, {}, timeout=0)


def _live_params(
    grids: Sequence[str], as_of: dt.date | None, max_served: int, only_gaps: bool = False
) -> dict[str, Any]:
    return {
        "grids": list(grids),
        "as_of": as_of,
        "max_served": int(max_served),
        "only_gaps": only_gaps,
        **DEFAULT.params(),
    }


def _default_circle(params: Mapping[str, Any]) -> bool:
    """Whether `params` ask for the default life circle, the one the rollups hold
    (``category_out_of_reach`` under another table is always computed live)."""
    return all(params.get(k, v) == v for k, v in DEFAULT.params().items())


def fresh(tx: ManagedTransaction, params: Mapping[str, Any]) -> bool:
    """Whether the rollups answer the report with `params` (inside a read transaction)."""
    record = tx.run(
        _q("fresh").text,
        {k: params[k] for k in ("grids", "as_of", "max_served")},
    ).single()
    return bool(record and record["fresh"])


def run(
    db: Database,
    params: Mapping[str, Any],
    timeout: float | None = None,
    limit: int | None = None,
) -> runner.Result:
    """The gap report for prepared `params` ($grids, $as_of, $max_served, $only_gaps):
    from the rollups when they are fresh, else live, decided and read in ONE read
    transaction."""
    values = {**DEFAULT.params(), **params}  # the life circle, unless the caller set one
    names = columns()

    def work(tx: ManagedTransaction) -> runner.Result:
        if not _default_circle(values) or not fresh(tx, values):
            return runner.run_in(tx, compose.gap_report(), values, limit)
        stored = runner.run_in(tx, _q("rows").text, values, limit)
        rows = [[row[0].get(c) for c in names] for row in stored.rows]
        return runner.Result(names, rows, stored.truncated, "r", stored.elapsed_ms)

    return runner.read_transaction(db, work, timeout)


@dataclass(frozen=True)
class Flags:
    """Where fresh rollups say each gap is: per gap code, the grids whose report row
    has it and their communities; the day they were computed for and their
    ``generation`` (any write to the network bumps it: `generation` tells whether
    they still hold)."""

    generation: int
    as_of: dt.date
    grids: Mapping[str, list[str]]
    communities: Mapping[str, list[str]]


def flagged(db: Database, max_served: int = MAX_SERVED) -> Flags | None:
    """Where each gap is, by the rollups, when they answer the whole city's report of
    `max_served` under the default life circle; None when they do not.

    Why: a rule's hits in a grid are exactly what the grid's report row counts, so a
    whole-city search (a snapshot) needs to run each rule only on the grids whose
    rollup has it; a rule that reads the day (`Gap.inputs` has ``as_of``) only when
    `Flags.as_of` is the day searched. Read in one transaction; a caller that then
    reads the network checks `generation` afterwards.
    """
    params = {"max_served": int(max_served)}

    def work(tx: ManagedTransaction) -> Flags | None:
        head = tx.run(_q("generation").text, params).single()
        if head is None:
            return None
        grids: dict[str, list[str]] = {}
        communities: dict[str, set[str]] = {}
        for record in tx.run(_q("flagged").text, params):
            for code in record["gaps"]:
                grids.setdefault(code, []).append(record["grid_id"])
                if record["community_id"] is not None:
                    communities.setdefault(code, set()).add(record["community_id"])
        return Flags(
            int(head["generation"]),
            _date(head["as_of"]),
            grids,
            {code: sorted(ids) for code, ids in communities.items()},
        )

    with db.session(read_only=True) as s:
        return s.execute_read(work)


def _head(db: Database, max_served: int) -> dict[str, Any] | None:
    rows = db.read(_q("generation").text, {"max_served": int(max_served)})
    return rows[0] if rows else None


def generation(db: Database, max_served: int = MAX_SERVED) -> int | None:
    """The generation of rollups that answer the whole city's report of `max_served`,
    else None. Unchanged since `flagged`: no write to the network in between."""
    head = _head(db, max_served)
    return int(head["generation"]) if head else None


def fresh_day(db: Database, max_served: int = MAX_SERVED) -> dt.date | None:
    """The day rollups that answer the whole city's report of `max_served` were
    computed for (None: they do not answer it)."""
    head = _head(db, max_served)
    return _date(head["as_of"]) if head else None


@dataclass
class Refreshed:
    """What a refresh did: grids written, rollups pruned, seconds, and whether it ended
    fresh (False: a write happened meanwhile; readers keep running live)."""

    as_of: dt.date
    max_served: int
    grids: int = 0
    pruned: int = 0
    seconds: float = 0.0
    fresh: bool = False


def _report_rows(
    db: Database, grids: list[str], day: dt.date, max_served: int
) -> list[dict[str, Any]]:
    """The live report's rows of `grids`; a batch that needs more memory than one
    transaction may hold is computed in two halves (a plan made on other statistics,
    after a large load, can need far more than the few MB a batch usually takes)."""
    try:
        return runner.execute_read(
            db, compose.gap_report(), _live_params(grids, day, max_served), timeout=0
        ).records()
    except runner.QueryMemory:
        if len(grids) == 1:
            raise
        half = len(grids) // 2
        return _report_rows(db, grids[:half], day, max_served) + _report_rows(
            db, grids[half:], day, max_served
        )


def refresh(
    db: Database,
    as_of: dt.date | None = None,
    max_served: int = MAX_SERVED,
    batch_size: int = DEFAULT_BATCH,
    progress: Callable[[int, int], None] | None = None,
) -> Refreshed:
    """Recompute every grid's rollup with the live report for `as_of` (default: the
    data's reference day, `reference_day.data_day`, the day the explorer opens on) and
    `max_served`, `batch_size` grids per transaction."""
    started = time.perf_counter()
    day = as_of or reference_day.data_day(db)
    begun = _write_rows(db, "begin", {})[0]
    done = Refreshed(day, int(max_served))
    grids = [r["id"] for r in db.read(_q("grids").text, timeout=0)]
    for start in range(0, len(grids), batch_size):
        batch = grids[start : start + batch_size]
        rows = _report_rows(db, batch, day, max_served)
        db.write(_q("write").text, {"rows": rows}, timeout=0)
        done.grids += len(rows)
        if progress is not None:
            progress(done.grids, len(grids))
    done.pruned = int(_write_rows(db, "prune", {})[0]["pruned"])
    finished = _write_rows(
        db,
        "finish",
        {"generation": begun["generation"], "as_of": day, "max_served": int(max_served)},
    )
    done.fresh = bool(finished)
    done.seconds = time.perf_counter() - started
    return done


def state(db: Database) -> dict[str, Any] | None:
    """The state node (None: the rollups were never refreshed)."""
    rows = db.read(_q("state").text, timeout=0)
    return rows[0] if rows else None


@dataclass
class Drift:
    """How the rollups differ from the live report of their day and capacity."""

    as_of: dt.date | None
    max_served: int
    stale: bool
    missing: list[str] = field(default_factory=list)  # grids without a rollup
    extra: list[str] = field(default_factory=list)  # rollups of grids that do not exist
    fields: list[tuple[str, str, Any, Any]] = field(
        default_factory=list
    )  # grid, column, stored, live

    @property
    def clean(self) -> bool:
        return not (self.missing or self.extra or self.fields)


def drift(db: Database, timeout: float | None = None) -> Drift | None:
    """Recompute the whole report live for the rollups' day and capacity and compare it
    with them, grid by grid and field by field (None: never refreshed)."""
    current = state(db)
    if current is None:
        return None
    as_of = _date(current["as_of"]) if current["as_of"] is not None else None
    max_served = int(current["max_served"] if current["max_served"] is not None else MAX_SERVED)
    found = Drift(as_of, max_served, bool(current["stale"]))
    grids = [r["id"] for r in db.read(_q("grids").text, timeout=0)]
    live = {
        r["grid_id"]: r
        for r in runner.execute_read(
            db, compose.gap_report(), _live_params(grids, as_of, max_served), timeout
        ).records()
    }
    stored = {r["row"]["grid_id"]: r["row"] for r in db.read(_q("stored").text, timeout=0)}
    found.missing = sorted(set(live) - set(stored))
    found.extra = sorted(set(stored) - set(live))
    names = columns()
    for grid in sorted(set(live) & set(stored)):
        for column in names:
            have, want = stored[grid].get(column), live[grid][column]
            if have != want:
                found.fields.append((grid, column, have, want))
    return found


def _date(value: Any) -> dt.date:
    """A driver date (neo4j.time.Date) or a Python date as a Python date."""
    if isinstance(value, dt.date):
        return value
    native: dt.date = value.to_native()
    return native
