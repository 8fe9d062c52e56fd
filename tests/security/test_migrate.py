"""`gridnet privacy migrate` moves an old graph's clear values into the vault: loading
refuses until it ran; it survives kill -9 and a second run changes nothing."""

from __future__ import annotations

import csv
import os
import signal
import subprocess
import time

from gridnet.db import Database
from gridnet.loaders.docs import EXAMPLE_CSV
from gridnet.migrate import clear_labels
from gridnet.privacy import PERSONAL, TOKEN_SUFFIX
from gridnet.settings import Settings
from gridnet.vault import Vault

from .conftest import GRIDNET, reload_examples, run_cli, user_env

EXTRA = 3000  # households an older gridnet wrote in clear, beyond the example city


def _clear_rows(table: str) -> list[dict[str, str]]:
    with (EXAMPLE_CSV / f"{table}.csv").open(encoding="utf-8-sig", newline="") as fh:
        return [
            {k: v for k, v in row.items() if k == "id" or k in PERSONAL[label]}
            for row in csv.DictReader(fh)
            for label in [("Household" if table == "households" else "Person")]
        ]


def _make_clear_graph(
    settings: Settings, database: Database
) -> dict[str, dict[str, dict[str, str]]]:
    """The example city as an older gridnet stored it: clear values, no tokens."""
    reload_examples(database)
    expected: dict[str, dict[str, dict[str, str]]] = {}
    for table, label in (("households", "Household"), ("people", "Person")):
        rows = _clear_rows(table)
        sets = ", ".join(
            f"n.{f} = CASE r.{f} WHEN '' THEN null ELSE r.{f} END" for f in PERSONAL[label]
        )
        removes = ", ".join(f"n.{f}{TOKEN_SUFFIX}" for f in PERSONAL[label])
        database.write(
            f"UNWIND $rows AS r MATCH (n:{label} {{id: r.id}}) SET {sets} REMOVE {removes}",
            {"rows": rows},
        )
        expected[label] = {r["id"]: {k: v for k, v in r.items() if k != "id" and v} for r in rows}
    database.write(
        "UNWIND range(1, $n) AS i CREATE (:Household {id: 'H-X' + right('00000' + i, 5), "
        "name: '测试' + i, phone: '139' + right('00000000' + i, 8)})",
        {"n": EXTRA},
    )
    expected["Household"].update(
        {f"H-X{i:05d}": {"name": f"测试{i}", "phone": f"139{i:08d}"} for i in range(1, EXTRA + 1)}
    )
    return expected


def _tokenised(database: Database) -> int:
    return database.read("MATCH (h:Household) WHERE h.name_token IS NOT NULL RETURN count(h) AS n")[
        0
    ]["n"]


def test_migrate_refusal_kill_resume_and_idempotence(
    neo4j_settings: Settings, database: Database
) -> None:
    settings = neo4j_settings
    expected = _make_clear_graph(settings, database)
    assert clear_labels(database) == ["Household", "Person"]

    done = run_cli(["load", str(EXAMPLE_CSV), "--quiet"])
    assert done.returncode == 2
    assert "gridnet privacy migrate" in done.stderr and len(done.stderr.splitlines()) == 1

    proc = subprocess.Popen(
        [GRIDNET, "privacy", "migrate", "--batch-size", "10", "--quiet"],
        env=user_env(),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 120
    while _tokenised(database) < 300 and time.monotonic() < deadline:
        assert proc.poll() is None, "migrate finished before it could be killed"
        time.sleep(0.02)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    assert 300 <= _tokenised(database) < 14 + EXTRA
    assert "Household" in clear_labels(database)  # stopped half-way

    done = run_cli(["privacy", "migrate", "--quiet"])
    assert done.returncode == 0, done.stderr
    assert clear_labels(database) == []
    again = run_cli(["privacy", "migrate", "--quiet"])
    assert again.returncode == 0 and "migrated 0 nodes" in again.stdout

    with Vault.open(settings) as vault:
        for label, by_id in expected.items():
            assert vault.get(label, list(by_id)) == by_id, label
    clear_values = {v for by_id in expected.values() for f in by_id.values() for v in f.values()}
    props = database.read(
        "MATCH (n) WHERE n:Household OR n:Person UNWIND keys(n) AS k "
        "RETURN collect(DISTINCT n[k]) AS v"
    )[0]["v"]
    assert not clear_values & {v for v in props if isinstance(v, str)}
    reload_examples(database)  # leave the example city as the other modules expect
