"""The store-level backup documented in SECURITY.md works: `neo4j-admin database
dump` of the stopped local server, then `database load` restores it exactly (slow)."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from gridnet import db
from gridnet.loaders.docs import EXAMPLE_CSV
from gridnet.server import local
from gridnet.settings import Settings

from .conftest import run_cli
from .graphcheck import fingerprint

pytestmark = pytest.mark.slow


def admin(settings: Settings, *args: str) -> subprocess.CompletedProcess[str]:
    """The exact command of SECURITY.md, "Backing up the store"."""
    layout = local.Layout.of(settings)
    env = {**os.environ, "NEO4J_HOME": str(layout.home), "NEO4J_CONF": str(layout.conf_dir)}
    return subprocess.run(
        [
            local.find_java(),
            "-cp",
            f"{layout.lib}/*",
            "org.neo4j.server.startup.Neo4jAdminCommand",
            *args,
        ],
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )


def test_dump_and_load_of_the_stopped_server_restore_the_graph(
    spare: tuple[Settings, dict[str, str]], tmp_path: Path
) -> None:
    settings, env = spare
    done = run_cli(["load", str(EXAMPLE_CSV), "--quiet"], env, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    before = fingerprint(settings)

    local.stop(settings, timeout=60)
    dumps = tmp_path / "dumps"
    dumps.mkdir()
    dumped = admin(settings, "database", "dump", "neo4j", f"--to-path={dumps}")
    assert dumped.returncode == 0, dumped.stdout + dumped.stderr
    assert (dumps / "neo4j.dump").stat().st_size > 10_000

    local.start(settings, wait=180)
    with db.Database.connect(settings) as database, database.session() as s:
        s.run("MATCH (n) DETACH DELETE n").consume()
    assert fingerprint(settings).nodes == {}
    local.stop(settings, timeout=60)
    loaded = admin(
        settings,
        "database",
        "load",
        "neo4j",
        f"--from-path={dumps}",
        "--overwrite-destination=true",
    )
    assert loaded.returncode == 0, loaded.stdout + loaded.stderr
    local.start(settings, wait=180)
    after = fingerprint(settings)
    assert after == before, after.diff(before)
