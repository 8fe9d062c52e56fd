"""The benchmark's database: emptied before every scale, described in every result.

Why a stop/delete/start for the local server: deleting millions of nodes with
Cypher takes longer than loading them, and a dropped store also drops its page
cache and transaction logs, so every scale starts from the same cold state.
"""

from __future__ import annotations

import os
import platform
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any, LiteralString

from gridnet import cypher
from gridnet.db import Database, DatabaseUnavailable
from gridnet.settings import Settings

BENCH_CYPHER = Path(__file__).with_name("bench.cypher")


def statements() -> dict[str, LiteralString]:
    """Named statements of bench.cypher."""
    return {name: q.text for name, q in cypher.load_file(BENCH_CYPHER).items()}


def log(message: str) -> None:
    """Progress goes to stderr so that `--json` keeps stdout to one object."""
    print(f"[bench] {message}", file=sys.stderr, flush=True)


def load_average() -> list[float]:
    """1, 5 and 15 minute load averages: the machine is shared, so figures are noisy."""
    try:
        return [round(x, 2) for x in os.getloadavg()]
    except OSError:  # pragma: no cover - no getloadavg
        return []


def empty_database(settings: Settings, restart: bool = True) -> None:
    """Start from an empty store: the local server's store is removed and the server
    restarted with the current settings; otherwise (another server, or `restart`
    False) every node is deleted in batches."""
    if not (restart and settings.uses_local_server):
        # CALL { } IN TRANSACTIONS must run in an auto-commit transaction.
        with Database.connect(settings) as database, database.session() as s:
            s.run(statements()["empty_batch"]).consume()
        return
    from gridnet.server import local

    local.stop(settings)
    layout = local.Layout.of(settings)
    for folder in (
        layout.data / "databases" / settings.database,
        layout.data / "transactions" / settings.database,
    ):
        shutil.rmtree(folder, ignore_errors=True)
    result = local.start(settings)
    log(f"emptied the database; Neo4j {result.version} restarted in {result.seconds:.1f}s")


def counts(db: Database) -> dict[str, int]:
    """Nodes and relationships in the database."""
    rows = db.read(statements()["counts"])
    return {"nodes": rows[0]["nodes"], "relationships": rows[0]["relationships"]}


def _meminfo_gb() -> float | None:
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                return round(int(line.split()[1]) / 1024 / 1024, 1)
    except OSError:  # pragma: no cover
        pass
    return None


def _java_version() -> str | None:
    try:
        from gridnet.server.local import find_java

        proc = subprocess.run(
            [find_java(), "-version"], capture_output=True, text=True, check=False
        )
        return (proc.stderr or proc.stdout).splitlines()[0].strip()
    except Exception:  # noqa: BLE001 - a description, not a requirement
        return None


def _cpu_model() -> str | None:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:  # pragma: no cover
        pass
    return None


def machine(settings: Settings) -> dict[str, Any]:
    """Where the figures were measured: cores, memory, Java, Neo4j and its memory settings."""
    import neo4j

    try:
        import neo4j._rust  # noqa: F401

        rust = True
    except ImportError:
        rust = False
    try:
        with Database.connect(settings) as database:
            version: str | None = database.ping()
    except DatabaseUnavailable:
        version = None
    return {
        "nproc": os.cpu_count(),
        "cpu": _cpu_model(),
        "memory_gb": _meminfo_gb(),
        "os": platform.platform(),
        "python": platform.python_version(),
        "java": _java_version(),
        "neo4j": version,
        "neo4j_driver": neo4j.__version__,
        "neo4j_rust_ext": rust,
        "local_server": settings.uses_local_server,
        "heap": settings.neo4j_heap,
        "pagecache": settings.neo4j_pagecache,
        "bolt_uri": settings.uri,
    }
