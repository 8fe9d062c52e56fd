"""Sixteen readers run catalog queries while a large load writes (slow).

Proves: no read fails while a load runs, and every answer is a committed state:
counts never go down during an insert-only load (for any two reads where one
finished before the other started), no household is ever seen without its grid,
and no catalog row names a household without a grid.

The overlap does not depend on timing. Before the load starts the test opens a write
transaction that creates, and does not commit, the household from the middle of
households.csv. The unique constraint on Household.id makes the loader's MERGE of that
row wait for the test's transaction, so the load stops part-way with its earlier
batches committed and visible. While it waits (SHOW TRANSACTIONS lists it as blocked by
the test's transaction) every reader must read the counts and see exactly the paused
household count, strictly between empty and final; then the test rolls back (the
loader creates the household itself) and the load finishes while the readers go on.

The per-grid queries are read one grid at a time, rotating over the grids. Planned
early in a first load, from statistics of a nearly empty graph, their whole-city forms
can pair every household with every node of another label (every lighthouse household,
every resident, every request); run on the loaded city such a plan outlives any timeout
on a busy 2-core machine. Scoped to one grid the same plans stay small, so the readers
measure consistency, not the planner. The city-wide counts and summaries are read whole.

Figures go to tests/artifacts/concurrency.json.
"""

from __future__ import annotations

import csv
import json
import logging
import os
import re
import secrets
import statistics
import subprocess
import threading
import time
from pathlib import Path
from typing import Any

import pytest
from neo4j import Transaction

from gridnet import db
from gridnet.graph.schema import apply_schema
from gridnet.queries import catalog, runner
from gridnet.settings import REPO_ROOT, Settings

from .conftest import GRIDNET, generate_city

READERS = 16
AFTER_LOAD_SECONDS = 15
MIN_SECONDS = 60.0
# How long the load may take to reach the held household, and how long the readers
# get to see the paused load; both far below the loader's 600 s per-batch timeout (and,
# on an external server, db.lock.acquisition.timeout must not be set shorter).
REACH_SECONDS = 600.0
PAUSE_SECONDS = 240.0
LOAD_SECONDS = 900
ARTIFACT = REPO_ROOT / "tests" / "artifacts" / "concurrency.json"
ORPHANS = "MATCH (h:Household) WHERE NOT (h)-[:IN_GRID]->(:Grid) RETURN count(h) AS n"
HOUSEHOLDS = "MATCH (h:Household) RETURN count(h) AS n"
# (query, params) cycled by every reader; all read-only catalog queries. A `grid`
# parameter of None is replaced by the reader's next grid of the city.
WORK: list[tuple[str, dict[str, Any]]] = [
    ("graph_stats", {}),
    ("reference_figures", {}),
    ("gap_household_unserved", {"grid": None}),
    ("lighthouse_load", {"grid": None}),
    ("grid_summary", {"grid": None}),
    ("community_summary", {}),
    ("district_summary", {}),
    ("gap_grid_without_branch", {"grid": None}),
]


def column(path: Path, name: str) -> list[str]:
    """The values of one column of a CSV table."""
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return [row[name] for row in csv.DictReader(handle)]


class Hold:
    """An open write transaction holding the unique-key lock of one household.

    The household is created and never committed: readers cannot see it, and a load
    that MERGEs the same id waits until `release()` rolls the transaction back.
    """

    def __init__(self, database: db.Database, household_id: str) -> None:
        self.database = database
        tag = secrets.token_hex(8)
        self._session = database.driver.session(database=database.database)
        self._tx: Transaction | None = self._session.begin_transaction(
            metadata={"gridnet_test_hold": tag}, timeout=LOAD_SECONDS
        )
        try:
            self._tx.run("CREATE (:Household {id: $id})", id=household_id).consume()
            found = self._show(
                "SHOW TRANSACTIONS YIELD transactionId, metaData "
                "WHERE metaData.gridnet_test_hold = $tag RETURN transactionId",
                tag=tag,
            )
            assert len(found) == 1, found
        except BaseException:
            self.release()
            raise
        self.transaction_id: str = found[0]

    def _show(self, query: str, **params: Any) -> list[Any]:
        with self.database.session() as session:
            return [record[0] for record in session.run(query, params)]

    def waiting(self) -> int:
        """How many transactions are blocked by this one."""
        statuses = self._show(
            "SHOW TRANSACTIONS YIELD status WHERE status STARTS WITH 'Blocked by' RETURN status"
        )
        return sum(self.transaction_id in re.findall(r"[\w-]+", s) for s in statuses)

    def release(self) -> None:
        if self._tx is not None:
            tx, self._tx = self._tx, None
            try:
                tx.rollback()
            finally:
                self._session.close()


@pytest.mark.slow
def test_sixteen_readers_during_a_load(
    empty_graph: Settings,
    database: db.Database,
    tmp_path: Path,
    caplog: pytest.LogCaptureFixture,
) -> None:
    # Queries planned on a nearly empty graph draw "unknown label" notifications by the
    # thousand; only errors are worth keeping for a failure report.
    caplog.set_level(logging.ERROR, logger="neo4j")
    apply_schema(database)
    data = tmp_path / "xg"
    generate_city(data)
    grids = column(data / "grids.csv", "id")
    households = column(data / "households.csv", "id")
    held_id = households[len(households) // 2]

    stop = threading.Event()
    paused = threading.Event()
    lock = threading.Lock()
    latencies: dict[str, list[float]] = {name: [] for name, _ in WORK}
    errors: list[str] = []
    # (reader, began, ended, nodes per label) of every graph_stats read
    stats_reads: list[tuple[int, float, float, dict[str, int]]] = []
    violations: list[str] = []
    pause: dict[str, float] = {}  # "began", "ended": while the load was held
    saw_pause: set[int] = set()  # readers whose counts read began during the pause

    def task(index: int, k: int) -> tuple[str, dict[str, Any]]:
        name, params = WORK[k % len(WORK)]
        if "grid" in params and params["grid"] is None:
            return name, {**params, "grid": grids[(index + k // len(WORK)) % len(grids)]}
        return name, params

    def reader(index: int) -> None:
        k = index
        while not stop.is_set():
            with lock:
                # During the pause each reader reads the counts first, once.
                first_in_pause = paused.is_set() and index not in saw_pause
            params: dict[str, Any]
            if first_in_pause:
                name, params = "graph_stats", {}
            else:
                name, params = task(index, k)
                k += 1
            began = time.perf_counter()
            try:
                result = catalog.run(database, name, params, timeout=60)
                orphans = runner.run_readonly(database, ORPHANS).rows[0][0]
            except Exception as exc:  # noqa: BLE001 - every failure is a finding
                with lock:
                    errors.append(
                        f"{name} {params} at {time.perf_counter() - started:.0f} s after "
                        f"{time.perf_counter() - began:.0f} s: "
                        f"{type(exc).__name__}: {exc}"
                    )
                continue
            ended = time.perf_counter()
            records = result.records()
            with lock:
                latencies[name].append((ended - began) * 1000)
                if orphans:
                    violations.append(f"{orphans} household(s) without a grid")
                if name == "graph_stats":
                    counts = {r["label"]: r["nodes"] for r in records}
                    stats_reads.append((index, began, ended, counts))
                    if "began" in pause and began >= pause["began"] and "ended" not in pause:
                        saw_pause.add(index)
                if "household_id" in result.columns:
                    bad = [r["household_id"] for r in records if r.get("grid_id") is None]
                    if bad:
                        violations.append(f"{name}: households without grid {bad[:3]}")

    threads = [threading.Thread(target=reader, args=(n,), daemon=True) for n in range(READERS)]
    hold = Hold(database, held_id)
    started = time.perf_counter()
    try:
        load = subprocess.Popen(
            [GRIDNET, "load", str(data), "--quiet", "--batch-size", "1000"],
            env=dict(os.environ),
            cwd=tmp_path,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
    except BaseException:
        hold.release()
        raise
    try:
        for t in threads:
            t.start()
        # 1. The load runs until its MERGE of the held household waits for the hold.
        while not hold.waiting():
            assert load.poll() is None, f"the load ended without waiting: {load.communicate()}"
            assert time.perf_counter() - started < REACH_SECONDS, "the load never waited"
            time.sleep(0.2)
        held = database.read(HOUSEHOLDS)[0]["n"]
        with lock:
            pause["began"] = time.perf_counter()
            paused.set()
        # 2. Paused: every reader reads the counts at least once.
        while len(saw_pause) < READERS and time.perf_counter() - pause["began"] < PAUSE_SECONDS:
            time.sleep(0.2)
        # Still paused, nothing more committed: the reads above all saw one state.
        assert hold.waiting(), "the load stopped waiting while it was held"
        assert database.read(HOUSEHOLDS) == [{"n": held}]
        with lock:
            pause["ended"] = time.perf_counter()
            paused.clear()
        # 3. Released: the loader creates the held household and finishes.
        hold.release()
        out, err = load.communicate(timeout=LOAD_SECONDS)
        load_seconds = time.perf_counter() - started
        # Keep reading for the sustained period, and for a while after the load so
        # that the readers see the committed final state.
        while (
            time.perf_counter() - started < MIN_SECONDS
            or time.perf_counter() - started - load_seconds < AFTER_LOAD_SECONDS
        ):
            time.sleep(0.5)
    finally:
        hold.release()
        stop.set()
        for t in threads:
            t.join(120)
        if load.poll() is None:
            load.kill()
            load.communicate()
    seconds = time.perf_counter() - started
    assert load.returncode == 0, err

    # Monotone: a stats read that started after another ended sees at least its counts.
    stats_reads.sort(key=lambda r: r[1])
    by_end = sorted(stats_reads, key=lambda r: r[2])
    floor: dict[str, int] = {}
    j = 0
    for _reader, began, _ended, counts in stats_reads:
        while j < len(by_end) and by_end[j][2] < began:
            for label, n in by_end[j][3].items():
                floor[label] = max(floor.get(label, 0), n)
            j += 1
        for label, n in counts.items():
            if n < floor.get(label, 0):
                violations.append(f"{label} went down from {floor[label]} to {n}")
    final = {r["label"]: r["nodes"] for r in catalog.rows(database, "graph_stats")}
    seen = [r[3].get("Household", 0) for r in stats_reads]
    assert final["Household"] == len(households), final
    assert max(seen) == final["Household"], (max(seen), final)
    # Reads that began and ended while the load was held.
    during = [r for r in stats_reads if pause["began"] <= r[1] and r[2] <= pause["ended"]]
    grew = len({r[3]["Household"] for r in stats_reads})

    every = sorted(v for values in latencies.values() for v in values)
    figures = {
        "readers": READERS,
        "seconds": round(seconds, 1),
        "load_seconds": round(load_seconds, 1),
        "pause_seconds": round(pause["ended"] - pause["began"], 1),
        "households_while_paused": held,
        "reads_served": len(every),
        "reads_per_second": round(len(every) / seconds, 1),
        "stats_reads_while_paused": len(during),
        "errors": len(errors),
        "consistency_violations": len(violations),
        "distinct_household_counts_seen": grew,
        "latency_ms": {
            "p50": round(statistics.median(every), 1),
            "p95": round(every[int(0.95 * (len(every) - 1))], 1),
            "max": round(every[-1], 1),
        },
        "per_query": {
            name: {
                "reads": len(v),
                "p50_ms": round(statistics.median(v), 1) if v else None,
                "p95_ms": round(sorted(v)[int(0.95 * (len(v) - 1))], 1) if v else None,
                "max_ms": round(max(v), 1) if v else None,
            }
            for name, v in latencies.items()
        },
        "final_nodes": final,
    }
    ARTIFACT.parent.mkdir(parents=True, exist_ok=True)
    ARTIFACT.write_text(json.dumps(figures, indent=2), encoding="utf-8")
    print(json.dumps({k: v for k, v in figures.items() if k not in ("per_query", "final_nodes")}))
    assert not errors, errors[:5]
    assert not violations, violations[:5]
    # The pause is a committed state strictly inside the load, and every reader saw it.
    assert 0 < held < final["Household"], (held, final["Household"])
    assert saw_pause == set(range(READERS)), f"{len(saw_pause)} of {READERS} readers saw the pause"
    paused_counts = {r[3]["Household"] for r in during}
    assert paused_counts == {held}, (held, sorted(paused_counts))
    assert all(latencies[name] for name, _ in WORK)
    assert database.read(ORPHANS) == [{"n": 0}]
