"""Faults the user meets: the database goes away and comes back, writers collide,
a batch fails halfway. Fast versions against the shared server through a
cuttable proxy; the real SIGKILL of a server is in test_server_kill.py (slow)."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import neo4j
import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from gridnet import db
from gridnet.loaders.docs import EXAMPLE_CSV
from gridnet.privacy import pseudonymise
from gridnet.settings import REPO_ROOT, Settings
from gridnet.vault import Vault

from .conftest import base_env, load_examples, run_cli
from .netfault import CuttableProxy

APP = str(REPO_ROOT / "explorer_app.py")

# Every command that talks to the database, as a user types it.
COMMANDS = [
    ["gaps"],
    ["gaps", "--format", "json"],
    ["query", "cypher", "MATCH (g:Grid) RETURN g.id AS id"],
    ["query", "run", "grid_summary"],
    ["stats"],
    ["recommend", "--grid", "G-0001"],
    ["load", str(EXAMPLE_CSV), "--quiet"],  # idempotent: reloading changes nothing
]


def test_cli_says_unavailable_and_exits_2_then_works_again(
    database: db.Database, proxy: CuttableProxy, proxied: dict[str, str], tmp_path: Path
) -> None:
    load_examples(database)
    proxy.down()
    for args in [*COMMANDS, ["export", str(tmp_path / "out")]]:
        done = run_cli(args, proxied, cwd=tmp_path)
        assert done.returncode == 2, (args, done.stdout, done.stderr)
        assert "Traceback" not in done.stderr + done.stdout, args
        lines = done.stderr.strip().splitlines()
        assert len(lines) == 1, (args, done.stderr)
        assert "unavailable" in lines[0] and proxy.uri in lines[0], lines[0]
        assert "NEO4J_URI" in lines[0]  # says what to check
    proxy.up()
    for args in COMMANDS[:3]:
        done = run_cli(args, proxied, cwd=tmp_path)
        assert done.returncode == 0, (args, done.stderr)
        assert "Traceback" not in done.stderr
    assert "G-0001" in run_cli(COMMANDS[2], proxied).stdout


def test_a_handle_reports_an_outage_within_seconds_and_recovers_by_itself(
    neo4j_settings: Settings, proxy: CuttableProxy, proxied: dict[str, str]
) -> None:
    """One handle outlives an outage: calls fail with DatabaseUnavailable while the
    server is gone, and the same handle answers again once it is back."""
    settings = Settings.from_env(proxied, dotenv=None)
    with db.Database.connect(settings) as database:
        assert database.read("RETURN 1 AS x") == [{"x": 1}]
        proxy.down()
        with pytest.raises(db.DatabaseUnavailable, match="unavailable"):
            database.ping()  # auto-commit: fails at once, no retries
        started = time.monotonic()
        with pytest.raises(db.DatabaseUnavailable, match=proxy.uri):
            database.read("RETURN 1 AS x")  # retried, then reported
        assert time.monotonic() - started < db.RETRY_SECONDS + 3
        proxy.up()
        assert database.read("RETURN 2 AS x") == [{"x": 2}]  # the same handle


def test_a_read_in_flight_survives_a_short_outage(
    neo4j_settings: Settings, proxy: CuttableProxy, proxied: dict[str, str]
) -> None:
    """Managed transactions retry connection loss: the caller never sees a 3 s outage."""
    settings = Settings.from_env(proxied, dotenv=None)
    with db.Database.connect(settings) as database:
        database.read("RETURN 1")  # a pooled connection, then the cut
        proxy.down()
        restore = threading.Timer(3.0, proxy.up)
        restore.start()
        started = time.monotonic()
        rows = database.read("UNWIND range(1, 5) AS x RETURN sum(x) AS s")
        restore.join()
    assert rows == [{"s": 15}]
    assert time.monotonic() - started >= 2.5  # it did wait for the server to return


def test_explorer_shows_an_error_while_down_and_recovers(
    database: db.Database,
    proxy: CuttableProxy,
    proxied: dict[str, str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    load_examples(database)
    for key in ("NEO4J_URI", "NEO4J_USER", "NEO4J_PASSWORD"):
        monkeypatch.setenv(key, proxied[key])
    st.cache_data.clear()
    proxy.down()
    for page in ("overview", "gaps"):
        at = AppTest.from_file(APP, default_timeout=90)
        at.query_params["lang"] = "en"  # these tests read the English texts
        at.query_params["page"] = page
        at.run()
        assert not at.exception, [e.value for e in at.exception]
        errors = [e.value for e in at.error]
        assert errors and "cannot be reached" in errors[0], errors
        details = " ".join(c.value for c in at.code)  # behind the "technical details" expander
        assert proxy.uri in details, details
    proxy.up()
    st.cache_data.clear()
    at = AppTest.from_file(APP, default_timeout=90)
    at.query_params["lang"] = "en"  # these tests read the English texts
    at.query_params["page"] = "overview"
    at.run()
    assert not at.exception and not at.error, [e.value for e in at.error]
    metrics = {m.label: m.value for m in at.metric}
    grids = len([r for r in (EXAMPLE_CSV / "grids.csv").read_text("utf-8").splitlines() if r]) - 1
    assert metrics["Grids"] == str(grids)
    st.cache_data.clear()


def test_deadlocked_writers_are_retried_and_both_succeed(
    empty_graph: Settings, database: db.Database
) -> None:
    """Two transactions lock A,B and B,A: Neo4j kills one with DeadlockDetected (a
    transient error) and the managed transaction retries it; both increments land."""
    database.write("CREATE (:Probe {id: 'A', n: 0}), (:Probe {id: 'B', n: 0})")
    barrier = threading.Barrier(2, timeout=10)
    attempts: list[str] = []
    errors: list[BaseException] = []

    def writer(first: str, second: str) -> None:
        def work(tx: neo4j.ManagedTransaction) -> None:
            attempts.append(first)
            tx.run("MATCH (p:Probe {id: $id}) SET p.n = p.n + 1", id=first).consume()
            if len(attempts) <= 2:  # only the first round meets at the barrier
                try:
                    barrier.wait()
                except threading.BrokenBarrierError:
                    pass
            tx.run("MATCH (p:Probe {id: $id}) SET p.n = p.n + 1", id=second).consume()

        try:
            with database.session() as s:
                s.execute_write(work)
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    threads = [threading.Thread(target=writer, args=pair) for pair in (("A", "B"), ("B", "A"))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    assert not errors, errors
    assert len(attempts) >= 3, f"no transaction was retried: {attempts}"
    rows = database.read("MATCH (p:Probe) RETURN p.id AS id, p.n AS n ORDER BY id")
    assert rows == [{"id": "A", "n": 2}, {"id": "B", "n": 2}]


def test_contended_increments_all_land(empty_graph: Settings, database: db.Database) -> None:
    database.write("CREATE (:Probe {id: 'C', n: 0})")
    errors: list[BaseException] = []

    def bump() -> None:
        try:
            for _ in range(10):
                database.write("MATCH (p:Probe {id: 'C'}) SET p.n = p.n + 1")
        except BaseException as exc:  # noqa: BLE001
            errors.append(exc)

    threads = [threading.Thread(target=bump) for _ in range(16)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    assert not errors
    assert database.read("MATCH (p:Probe {id: 'C'}) RETURN p.n AS n") == [{"n": 160}]


def test_a_batch_failing_halfway_writes_none_of_its_rows(
    empty_graph: Settings, database: db.Database, tmp_path: Path
) -> None:
    """A uniqueness constraint the loader does not know about (one address per household,
    on its token) makes the 2nd row of a
    batch fail inside the server: that whole batch is rolled back, earlier batches
    stay, and the CLI reports it without a traceback."""
    settings = empty_graph
    database.write(
        "CREATE CONSTRAINT probe_phone IF NOT EXISTS FOR (h:Household) "
        "REQUIRE h.address_token IS UNIQUE"
    )
    try:
        with Vault.open(settings, create=True) as vault:
            old = {"id": "H-OLD", "name": "x", "address": "555"}
            vault.put("Household", pseudonymise("Household", [old], vault.keyring))
        database.write(
            "CREATE (:Grid {id: 'G-1', name: 'g'}) CREATE (h:Household) SET h = $old", {"old": old}
        )
        folder = tmp_path / "data"
        folder.mkdir()
        lines = ["id,name,grid_id,address"] + [
            f"H-{i},户{i},G-1,{'555' if i == 7 else 1000 + i}" for i in range(10)
        ]
        (folder / "households.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
        done = run_cli(
            ["load", str(folder), "--quiet", "--batch-size", "3"], base_env(), cwd=tmp_path
        )
        assert done.returncode == 2, done.stdout + done.stderr
        assert "Traceback" not in done.stderr, done.stderr
        assert "refused a batch" in done.stderr and "ConstraintValidationFailed" in done.stderr
        assert "555" not in done.stderr  # the conflicting (personal) value is not echoed
        ids = {r["id"] for r in database.read("MATCH (h:Household) RETURN h.id AS id")}
        # batches [0-2] and [3-5] committed; [6-8] failed at row 7: none of 6, 7, 8.
        assert ids == {"H-OLD", "H-0", "H-1", "H-2", "H-3", "H-4", "H-5"}, ids
        assert database.read("MATCH (h:Household)-[:IN_GRID]->() RETURN count(h) AS n") == [
            {"n": 6}
        ]
    finally:
        database.write("DROP CONSTRAINT probe_phone IF EXISTS")
