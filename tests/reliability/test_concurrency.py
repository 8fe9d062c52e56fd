"""Sixteen readers run catalog queries while a large load writes (slow).

Proves: no read fails while a load runs, and every answer is a committed state:
counts never go down during an insert-only load (for any two reads where one
finished before the other started), no household is ever seen without its grid,
and no catalog row names a household without a grid. Figures go to
tests/artifacts/concurrency.json.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import threading
import time
from pathlib import Path
from typing import Any

import pytest

from gridnet import db
from gridnet.graph.schema import apply_schema
from gridnet.queries import catalog, runner
from gridnet.settings import REPO_ROOT, Settings

from .conftest import GRIDNET, run_cli

READERS = 16
AFTER_LOAD_SECONDS = 15
MIN_SECONDS = 60.0
ARTIFACT = REPO_ROOT / "tests" / "artifacts" / "concurrency.json"
ORPHANS = "MATCH (h:Household) WHERE NOT (h)-[:IN_GRID]->(:Grid) RETURN count(h) AS n"
# (query, params) cycled by every reader; all read-only catalog queries.
WORK: list[tuple[str, dict[str, Any]]] = [
    ("graph_stats", {}),
    ("reference_figures", {}),
    ("gap_household_unserved", {}),
    ("lighthouse_load", {}),
    ("grid_summary", {}),
    ("community_summary", {}),
    ("district_summary", {}),
    ("gap_grid_without_branch", {}),
]


@pytest.mark.slow
def test_sixteen_readers_during_a_load(
    database: db.Database, empty_graph: Settings, tmp_path: Path
) -> None:
    settings = empty_graph
    apply_schema(settings)
    data = tmp_path / "xg"
    gen = run_cli(
        [
            "generate",
            "--preset",
            "xiaogan",
            "--seed",
            "3",
            "--scale",
            "0.3",
            "--out",
            str(data),
            "--quiet",
        ],
        dict(os.environ),
    )
    assert gen.returncode == 0, gen.stderr

    stop = threading.Event()
    lock = threading.Lock()
    latencies: dict[str, list[float]] = {name: [] for name, _ in WORK}
    errors: list[str] = []
    stats_reads: list[tuple[float, float, dict[str, int]]] = []
    violations: list[str] = []

    def reader(index: int) -> None:
        i = index
        while not stop.is_set():
            name, params = WORK[i % len(WORK)]
            i += 1
            began = time.perf_counter()
            try:
                result = catalog.run(database, name, params, timeout=60)
                orphans = runner.run_readonly(database, ORPHANS).rows[0][0]
            except Exception as exc:  # noqa: BLE001 - every failure is a finding
                with lock:
                    errors.append(
                        f"{name} at {time.perf_counter() - started:.0f} s after "
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
                    stats_reads.append((began, ended, {r["label"]: r["nodes"] for r in records}))
                if "household_id" in result.columns:
                    bad = [r["household_id"] for r in records if r.get("grid_id") is None]
                    if bad:
                        violations.append(f"{name}: households without grid {bad[:3]}")

    threads = [threading.Thread(target=reader, args=(n,), daemon=True) for n in range(READERS)]
    started = time.perf_counter()
    load = subprocess.Popen(
        [GRIDNET, "load", str(data), "--quiet", "--batch-size", "1000"],
        env=dict(os.environ),
        cwd=tmp_path,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    for t in threads:
        t.start()
    try:
        out, err = load.communicate(timeout=900)
        load_seconds = time.perf_counter() - started
        # Keep reading for the sustained period, and for a while after the load so
        # that the readers see the committed final state.
        while (
            time.perf_counter() - started < MIN_SECONDS
            or time.perf_counter() - started - load_seconds < AFTER_LOAD_SECONDS
        ):
            time.sleep(0.5)
    finally:
        stop.set()
        for t in threads:
            t.join(120)
        if load.poll() is None:
            load.kill()
    seconds = time.perf_counter() - started
    assert load.returncode == 0, err

    # Monotone: a stats read that started after another ended sees at least its counts.
    stats_reads.sort(key=lambda r: r[0])
    by_end = sorted(stats_reads, key=lambda r: r[1])
    floor: dict[str, int] = {}
    j = 0
    for began, _ended, counts in stats_reads:
        while j < len(by_end) and by_end[j][1] < began:
            for label, n in by_end[j][2].items():
                floor[label] = max(floor.get(label, 0), n)
            j += 1
        for label, n in counts.items():
            if n < floor.get(label, 0):
                violations.append(f"{label} went down from {floor[label]} to {n}")
    final = {r["label"]: r["nodes"] for r in catalog.rows(database, "graph_stats")}
    seen = [r[2].get("Household", 0) for r in stats_reads]
    assert final["Household"] > 0 and max(seen) == final["Household"], (max(seen), final)
    grew = len({r[2]["Household"] for r in stats_reads})

    every = sorted(v for values in latencies.values() for v in values)
    figures = {
        "readers": READERS,
        "seconds": round(seconds, 1),
        "load_seconds": round(load_seconds, 1),
        "reads_served": len(every),
        "reads_per_second": round(len(every) / seconds, 1),
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
    # A count strictly between empty and final can only be seen while the load runs.
    between = {r[2]["Household"] for r in stats_reads} - {0, final["Household"]}
    assert between, "the readers never overlapped the load"
    assert all(latencies[name] for name, _ in WORK)
    assert db.read(ORPHANS, settings=settings) == [{"n": 0}]
