"""SIGKILL the Neo4j server (a throwaway one) in the middle of a large load.

Proves: the load stops with one clear line and exit 2 (no traceback, no driver
retry warnings); after a
restart the store recovered to whole batches only (every batch is one
transaction); rerunning the load ends in exactly the graph of an uninterrupted
load (same counts and property checksums); and a server that is back within the
frozen server (SIGSTOP, then SIGCONT 10 s later) lets the same load finish by
itself. (A killed server takes ~35 s to recover and restart, longer than the
driver's 30 s retry window, so after a kill the load must be rerun.)
"""

from __future__ import annotations

import os
import signal
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from gridnet import db
from gridnet.server import local
from gridnet.settings import Settings

from .conftest import GRIDNET, generate_city, run_cli
from .graphcheck import Fingerprint, fingerprint

BATCH = 1000
pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def dataset(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The generated Xiaogan city at scale 0.3 (about 38,000 rows)."""
    out = tmp_path_factory.mktemp("xg3") / "xg"
    generate_city(out)
    return out


def wipe(settings: Settings) -> None:
    with db.Database.connect(settings) as database, database.session() as s:
        s.run("MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS").consume()


def households(settings: Settings) -> int:
    with db.Database.connect(settings) as database:
        return int(database.read("MATCH (h:Household) RETURN count(h) AS n")[0]["n"])


def expected_households(dataset: Path) -> int:
    return len((dataset / "households.csv").read_text("utf-8-sig").strip().splitlines()) - 1


@pytest.fixture(scope="module")
def clean(
    spare: tuple[Settings, dict[str, str]], dataset: Path, tmp_path_factory: pytest.TempPathFactory
) -> Fingerprint:
    """The fingerprint of one uninterrupted load into an empty database."""
    settings, env = spare
    wipe(settings)
    done = run_cli(
        ["load", str(dataset), "--quiet", "--batch-size", str(BATCH)],
        env,
        cwd=tmp_path_factory.mktemp("clean"),
    )
    assert done.returncode == 0, done.stderr
    fp = fingerprint(settings)
    assert fp.nodes["Household"] == expected_households(dataset)
    return fp


def start_load(dataset: Path, env: dict[str, str], cwd: Path) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [GRIDNET, "load", str(dataset), "--quiet", "--batch-size", str(BATCH)],
        env=env,
        cwd=cwd,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def signal_server_when(
    settings: Settings, proc: subprocess.Popen[str], at_least: int, signum: int = signal.SIGKILL
) -> int:
    """Signal the server once `at_least` households are committed; returns its pid."""
    deadline = time.monotonic() + 300
    while households(settings) < at_least:
        assert proc.poll() is None, f"load ended before the kill: {proc.communicate()}"
        assert time.monotonic() < deadline, "load too slow to reach the kill point"
        time.sleep(0.05)
    pid = local.status(settings)["pid"]
    assert pid
    os.kill(pid, signum)
    while signum == signal.SIGKILL and local._pid_alive(pid):
        time.sleep(0.05)
    return pid


@pytest.fixture
def load_proc(tmp_path: Path) -> Iterator[list[subprocess.Popen[str]]]:
    procs: list[subprocess.Popen[str]] = []
    yield procs
    for proc in procs:
        if proc.poll() is None:
            proc.kill()
            proc.wait()


def test_kill_mid_load_restart_rerun_equals_clean_load(
    spare: tuple[Settings, dict[str, str]],
    dataset: Path,
    clean: Fingerprint,
    tmp_path: Path,
    load_proc: list[subprocess.Popen[str]],
) -> None:
    settings, env = spare
    total = expected_households(dataset)
    wipe(settings)
    proc = start_load(dataset, env, tmp_path)
    load_proc.append(proc)
    signal_server_when(settings, proc, 2 * BATCH)

    out, err = proc.communicate(timeout=180)  # the driver retries ~30 s, then gives up
    assert proc.returncode == 2, (out, err)
    assert "Traceback" not in err
    # One clear line, not a page of the driver's retry warnings.
    lines = err.strip().splitlines()
    assert len(lines) <= 3, err
    assert "retried" not in err and "WARNING" not in err, err
    assert f"Neo4j at {settings.uri} stopped answering during the load" in err, err
    assert "nothing after them was written" in err and "rerun the load" in err, err

    restarted = local.start(settings, wait=180)
    assert restarted.started
    recovered = households(settings)
    # Crash recovery kept whole committed batches only: never a partial batch.
    assert 0 < recovered < total and recovered % BATCH == 0, recovered
    with db.Database.connect(settings) as database:
        orphans = database.read(
            "MATCH (h:Household) WHERE NOT (h)-[:IN_GRID]->() RETURN count(h) AS n"
        )
    assert orphans == [{"n": 0}]

    rerun = run_cli(
        ["load", str(dataset), "--quiet", "--batch-size", str(BATCH)], env, cwd=tmp_path
    )
    assert rerun.returncode == 0, rerun.stderr
    after = fingerprint(settings)
    assert after == clean, after.diff(clean)


def test_a_frozen_server_that_resumes_lets_the_same_load_finish(
    spare: tuple[Settings, dict[str, str]],
    dataset: Path,
    clean: Fingerprint,
    tmp_path: Path,
    load_proc: list[subprocess.Popen[str]],
) -> None:
    """SIGSTOP the server for 10 s mid-load (a stalled VM or disk), then SIGCONT."""
    settings, env = spare
    wipe(settings)
    proc = start_load(dataset, env, tmp_path)
    load_proc.append(proc)
    pid = signal_server_when(settings, proc, 3 * BATCH, signal.SIGSTOP)
    try:
        time.sleep(10)
        assert proc.poll() is None  # the client waits, it does not give up or crash
    finally:
        os.kill(pid, signal.SIGCONT)
    out, err = proc.communicate(timeout=600)
    assert proc.returncode == 0, (out, err)
    assert "Traceback" not in err
    after = fingerprint(settings)
    assert after == clean, after.diff(clean)
