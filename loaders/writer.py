"""Write rows to Neo4j in batches, idempotently: the last stage of a load.

The writer is given, per table, a way to stream the rows to write (typed values
by column, already validated) and knows nothing of files, parsing or checks.
Each table has one file `cypher/<table>.cypher` with named statements:
``unlink`` deletes single-valued relationships that an updated row no longer
has (a household moved to another grid keeps exactly one IN_GRID), ``upsert*``
MERGEs nodes by id, SETs every column (a column left empty removes the
property) and MERGEs relationships, and ``link`` (self references only: an
area's parent, an organisation's parent) runs after every batch of the table,
because a parent may come later in the file than its child.

Every batch is one managed write transaction (`execute_write`, which retries
transient errors); MERGE makes a retried, repeated or interrupted-and-rerun load
end in the same graph. A table with personal columns is pseudonymised batch by
batch: the clear values go to the vault before the batch goes to the graph.

Speed (see BENCHMARKS.md): a reader thread streams and converts the next batches
while the server writes the current one (a bounded queue keeps memory flat), and
each statement is sent only the row fields it uses (``unlink`` needs the id and
the references, not the addresses and phone numbers).
"""

from __future__ import annotations

import queue
import re
import sys
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, LiteralString

import neo4j
from neo4j import ManagedTransaction
from neo4j import exceptions as neo4j_errors
from neo4j.spatial import WGS84Point

from gridnet import cypher
from gridnet.db import Database
from gridnet.loaders.tables import REF_BY_TABLE, TABLES, Table
from gridnet.privacy import PERSONAL, pseudonymise
from gridnet.vault import Vault

__all__ = [
    "CYPHER_DIR",
    "DEFAULT_BATCH_SIZE",
    "LoadSummary",
    "RowSource",
    "TableStats",
    "fields_used",
    "graph_batches",
    "locate",
    "statements",
    "to_param",
    "write_tables",
]

CYPHER_DIR = Path(__file__).with_name("cypher")
DEFAULT_BATCH_SIZE = 5000
# Batches prepared ahead of the one being written: enough to keep the server busy,
# few enough that memory does not grow with the input.
PREFETCH_BATCHES = 2
_ROW_FIELD = re.compile(r"\brow\.(\w+)")
# Places where `row` is only passed on, not read: `AS row`, `CALL (n, row)`, `WITH n, row`.
_ROW_PASSED = re.compile(
    r"\bAS\s+row\b|\bCALL\s*\([\w\s,]*\)|\bWITH\s+\w+(?:\s*,\s*\w+)*\s*(?=\n|$|WHERE\b)"
)
_WHOLE_ROW = re.compile(r"\brow\b(?!\.)")
# Coordinate columns stored again as a point property `location`.
_POINTS = (("centroid_lat", "centroid_lon"), ("lat", "lon"))
_COUNTERS = (
    "nodes_created",
    "nodes_deleted",
    "relationships_created",
    "relationships_deleted",
    "properties_set",
)


def statements(table: str) -> dict[str, LiteralString]:
    """The named statements of `cypher/<table>.cypher`, in file order."""
    return {name: q.text for name, q in cypher.load_file(CYPHER_DIR / f"{table}.cypher").items()}


_OF_TYPES: dict[tuple[str, tuple[str, ...]], tuple[str, ...]] = {}


def _columns_of(table: Table, *types: str) -> tuple[str, ...]:
    """The names of the table's columns of these types (cached: called once per row)."""
    names = _OF_TYPES.get((table.name, types))
    if names is None:
        names = _OF_TYPES[table.name, types] = tuple(
            c.name for c in table.columns if c.type in types
        )
    return names


def to_param(table: Table, values: Mapping[str, Any]) -> dict[str, Any]:
    """One row as the `$rows` item of its table's statements.

    Every column is present (None when missing, so SET removes the property; a list
    without items counts as missing); coordinates add a `location` point; polymorphic
    references add the label of their target as `<prefix>_label` (e.g. `target_label`).
    Dates and times are sent as ISO text, converted by the statements with date() /
    localdatetime(): the driver encodes temporal values in Python, ten times slower
    than text (and the importer reads the same text).
    """
    row: dict[str, Any] = {col.name: values.get(col.name) for col in table.columns}
    for name in _columns_of(table, "list"):
        if not row[name]:
            row[name] = None
    for name in _columns_of(table, "date", "datetime"):
        value = row[name]
        if value is not None:
            row[name] = value.isoformat()
    locate(row)
    for col in table.columns:
        if col.ref_by:
            target = REF_BY_TABLE[col.ref_by].get(row.get(col.ref_by) or "")
            prefix = col.ref_by.removesuffix("_type")
            row[f"{prefix}_label"] = TABLES[target].label if target else None
    return row


def locate(row: dict[str, Any]) -> None:
    """Set the row's `location` point from its coordinate columns (None when half given).

    Called again after pseudonymisation, so a household's point is built from its
    coarsened degrees (``privacy.coarsen``), never from the exact ones.
    """
    for lat, lon in _POINTS:
        if lat in row:
            if row[lat] is not None and row[lon] is not None:
                row["location"] = WGS84Point((row[lon], row[lat]))
            else:
                row["location"] = None


@dataclass
class TableStats:
    """Rows written and what the database reported for one table."""

    table: str
    rows: int = 0
    nodes_created: int = 0
    nodes_deleted: int = 0
    relationships_created: int = 0
    relationships_deleted: int = 0
    properties_set: int = 0
    seconds: float = 0.0

    def add(self, counters: dict[str, int]) -> None:
        for name in _COUNTERS:
            setattr(self, name, getattr(self, name) + counters.get(name, 0))


@dataclass
class LoadSummary:
    """Per-table statistics of one load, with totals and throughput."""

    tables: dict[str, TableStats] = field(default_factory=dict)
    seconds: float = 0.0
    batch_size: int = DEFAULT_BATCH_SIZE
    phases: dict[str, float] = field(default_factory=dict)
    """Seconds per step of a bulk first load (files, stop, import, start, schema)."""

    def total(self, name: str) -> int:
        return sum(getattr(t, name) for t in self.tables.values())

    @property
    def rows(self) -> int:
        return self.total("rows")

    @property
    def rows_per_second(self) -> float:
        return self.rows / self.seconds if self.seconds > 0 else 0.0

    def as_dict(self) -> dict[str, Any]:
        return {
            "tables": {name: asdict(stats) for name, stats in self.tables.items()},
            "totals": {name: self.total(name) for name in ("rows", *_COUNTERS)},
            "seconds": round(self.seconds, 3),
            "rows_per_second": round(self.rows_per_second, 1),
            "batch_size": self.batch_size,
            **({"phases": self.phases} if self.phases else {}),
        }


def graph_batches(
    rows: Iterable[Mapping[str, Any]], table: Table, size: int, vault: Vault | None = None
) -> Iterator[list[dict[str, Any]]]:
    """Rows as the graph receives them, `size` at a time: the one per-row transformation.

    Both ways of writing a load use it: the online writer sends each batch as the
    `$rows` of its table's statements, the bulk first load (`gridnet.loaders.bulk`)
    writes the same rows into the importer's files, so the two graphs cannot differ.
    A table with personal columns is pseudonymised here: the batch's clear values
    are committed to the vault before the batch is handed on, so the graph never
    holds a display form whose clear value is not in the vault, and never a clear one.
    """
    seal = table.label in PERSONAL
    if seal and vault is None:
        raise ValueError(f"{table.name} has personal columns: loading it needs the vault")

    def done(batch: list[dict[str, Any]]) -> list[dict[str, Any]]:
        if seal and vault is not None and table.label is not None:
            vault.put(table.label, pseudonymise(table.label, batch, vault.keyring))
            for row in batch:
                locate(row)
        return batch

    batch: list[dict[str, Any]] = []
    for row in rows:
        batch.append(to_param(table, row))
        if len(batch) >= size:
            yield done(batch)
            batch = []
    if batch:
        yield done(batch)


def fields_used(query: str) -> tuple[str, ...] | None:
    """The `row.<field>` names a statement reads, sorted; None when it uses `row` whole."""
    if _WHOLE_ROW.search(_ROW_PASSED.sub(" ", query)):
        return None
    return tuple(sorted(set(_ROW_FIELD.findall(query))))


# One statement with the rows it is sent.
Work = list[tuple[LiteralString, list[dict[str, Any]]]]


def _plan(queries: list[LiteralString], rows: list[dict[str, Any]]) -> Work:
    """Each statement with only the fields it uses (less to encode, send and decode)."""
    work: Work = []
    for query in queries:
        fields = fields_used(query)
        if fields is not None and rows and set(fields) < set(rows[0]):
            work.append((query, [{f: r[f] for f in fields} for r in rows]))
        else:
            work.append((query, rows))
    return work


class _Failed:
    def __init__(self, exc: BaseException) -> None:
        self.exc = exc


def _prefetch(items: Iterator[Any], depth: int = PREFETCH_BATCHES) -> Iterator[Any]:
    """Produce `items` in a thread, at most `depth` ahead of the consumer.

    Parsing is Python and holds the GIL, but the writer spends most of its time
    waiting on the socket (GIL released), so the two overlap.
    """
    slots: queue.Queue[Any] = queue.Queue(maxsize=depth)
    done = object()
    stop = threading.Event()

    def put(item: Any) -> bool:
        while not stop.is_set():
            try:
                slots.put(item, timeout=0.1)
                return True
            except queue.Full:
                continue
        return False

    def produce() -> None:
        try:
            for item in items:
                if not put(item):
                    return
        except BaseException as exc:  # noqa: BLE001 - re-raised in the consumer
            put(_Failed(exc))
            return
        put(done)

    thread = threading.Thread(target=produce, name="gridnet-load-reader", daemon=True)
    thread.start()
    try:
        while True:
            item = slots.get()
            if item is done:
                return
            if isinstance(item, _Failed):
                raise item.exc
            yield item
    finally:
        stop.set()
        thread.join(timeout=5)


RowSource = Callable[[], Iterable[Mapping[str, Any]]]
"""Streams one table's rows to write; called again for the ``link`` statements."""


def _timeout(db: Database) -> float:
    """Loads run longer than interactive queries: at least 10 minutes per batch."""
    return 0 if db.query_timeout == 0 else max(db.query_timeout, 600.0)


def _run_batch(db: Database, steps: Work) -> dict[str, int]:
    @neo4j.unit_of_work(timeout=_timeout(db))
    def work(tx: ManagedTransaction) -> dict[str, int]:
        totals = dict.fromkeys(_COUNTERS, 0)
        for query, rows in steps:
            counters = tx.run(query, rows=rows).consume().counters
            for name in _COUNTERS:
                totals[name] += getattr(counters, name)
        return totals

    with db.session() as s:
        return s.execute_write(work)


def write_tables(
    db: Database,
    tables: Sequence[tuple[Table, RowSource]],
    *,
    rows: int | None = None,
    batch_size: int = DEFAULT_BATCH_SIZE,
    progress: bool | None = None,
    vault: Vault | None = None,
) -> LoadSummary:
    """Write every table's rows, table by table in the order given (the load order).

    `rows` is the total for the progress bar; `progress` shows a tqdm bar on stderr
    (default: only when stderr is a tty); `vault` receives the clear personal values
    (required when a table has any).
    """
    from tqdm import tqdm

    if batch_size < 1:
        raise ValueError("batch size must be at least 1")
    if progress is None:
        progress = sys.stderr.isatty()
    summary = LoadSummary(batch_size=batch_size)
    start = time.perf_counter()
    bar = tqdm(
        total=rows,
        unit=" rows",
        file=sys.stderr,
        disable=not progress,
        dynamic_ncols=True,
        smoothing=0.1,
    )
    try:
        for table, source in tables:
            stats = summary.tables[table.name] = TableStats(table.name)
            named = statements(table.name)
            per_batch = [q for name, q in named.items() if name != "link"]
            after = [q for name, q in named.items() if name == "link"]
            table_start = time.perf_counter()
            bar.set_description(table.name)
            batches = graph_batches(source(), table, batch_size, vault)
            for batch, steps in _prefetch((b, _plan(per_batch, b)) for b in batches):
                stats.add(_run_batch(db, steps))
                stats.rows += len(batch)
                bar.update(len(batch))
            if after:
                batches = graph_batches(source(), table, batch_size, vault)
                for steps in _prefetch(_plan(after, b) for b in batches):
                    stats.add(_run_batch(db, steps))
            stats.seconds = time.perf_counter() - table_start
        _await_fulltext(db)
        _replan(db)
    finally:
        bar.close()
    summary.seconds = time.perf_counter() - start
    return summary


def _replan(db: Database) -> None:
    """Drop cached query plans once a load has changed the graph's shape.

    A plan made while the graph was nearly empty (say, a gap query run during the
    first seconds of a first load) can be quadratic on the loaded city; clearing
    the cache makes the next run plan against the new statistics. Needs admin
    rights: on a server where the loading user lacks them, plans age out instead.
    """
    try:
        with db.session() as s:
            s.run("CALL db.clearQueryCaches()").consume()
    except neo4j_errors.ClientError:
        pass


def _await_fulltext(db: Database) -> None:
    """Wait until eventually consistent full-text indexes have caught up with the load.

    The name index is updated after commit (so commits are cheaper); a search right
    after `gridnet load` must still find every name.
    """
    with db.session() as s:
        s.run("CALL db.index.fulltext.awaitEventuallyConsistentIndexRefresh()").consume()
