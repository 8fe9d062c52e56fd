"""Fixtures for the fault tests: a client set up for the cuttable proxy (the proxy
itself is shared: tests/conftest.py), a CLI runner, and a throwaway Neo4j of our own
that tests may kill or replace."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from gridnet import db
from gridnet.graph.schema import apply_schema
from gridnet.loaders.docs import EXAMPLE_CSV
from gridnet.loaders.pipeline import load_path
from gridnet.server import local
from gridnet.settings import Settings

from .netfault import CuttableProxy, free_port

GRIDNET = str(Path(sys.executable).with_name("gridnet"))


def run_cli(
    args: list[str], env: dict[str, str], timeout: float = 300, cwd: Path | None = None
) -> subprocess.CompletedProcess[str]:
    """`gridnet ARGS` in a subprocess, as a user runs it."""
    return subprocess.run(
        [GRIDNET, *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        cwd=cwd,
        check=False,
    )


def generate_city(out: Path, scale: float = 0.3, months: int | None = None) -> Path:
    """`gridnet generate` of the Xiaogan city, seed 3 (about 38,000 rows at scale 0.3);
    with `months`, the city month by month (`--months N`: OUT/month-01 …)."""
    extra = ["--months", str(months)] if months is not None else []
    done = run_cli(
        ["generate", "--preset", "xiaogan", "--seed", "3", "--scale", str(scale)]
        + ["--out", str(out), "--quiet", *extra],
        dict(os.environ),
    )
    assert done.returncode == 0, done.stderr
    return out


def base_env(**overrides: str) -> dict[str, str]:
    """The test process environment without GRIDNET_SHOW_PERSONAL, plus overrides."""
    env = {k: v for k, v in os.environ.items() if k != "GRIDNET_SHOW_PERSONAL"}
    env.update(overrides)
    return env


def load_examples(database: db.Database) -> None:
    """Wipe the graph and load the example city (a small, complete dataset)."""
    with database.session() as s:
        s.run("MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS").consume()
    apply_schema(database)
    result = load_path(database, EXAMPLE_CSV, rejects=None, progress=False)
    assert result.report.rejected_rows == 0


@pytest.fixture
def proxied(proxy: CuttableProxy, neo4j_settings: Settings) -> Iterator[dict[str, str]]:
    """Environment of a client configured for the proxy (an 'external' server)."""
    env = base_env(
        NEO4J_URI=proxy.uri,
        NEO4J_USER=neo4j_settings.user,
        NEO4J_PASSWORD=neo4j_settings.password or "",
    )
    yield env


def throwaway_env(home: Path, port: int) -> dict[str, str]:
    """Settings of a throwaway local server (own GRIDNET_HOME, own port)."""
    return {
        "NEO4J_URI": "",
        "GRIDNET_HOME": str(home),
        "GRIDNET_BOLT_PORT": str(port),
        "GRIDNET_NEO4J_HEAP": "768m",
        "GRIDNET_NEO4J_PAGECACHE": "128m",
    }


@pytest.fixture(scope="module")
def spare(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Settings, dict[str, str]]]:
    """A started throwaway server that tests may kill; the shared server is never touched.

    The jars are symlinked from the main GRIDNET_HOME, so nothing is downloaded.
    """
    main = Settings.from_env()
    local.ensure_jars(main)
    home = tmp_path_factory.mktemp("spare-home")
    (home / "neo4j").mkdir()
    (home / "neo4j" / "lib").symlink_to(local.Layout.of(main).lib, target_is_directory=True)
    overrides = throwaway_env(home, free_port())
    settings = Settings.from_env(overrides, dotenv=None)
    try:
        local.start(settings, wait=180)
    except local.ServerError as exc:
        pytest.fail(f"throwaway Neo4j did not start: {exc}", pytrace=False)
    yield settings, base_env(**overrides)
    local.stop(settings, timeout=30)
    assert not local.status(settings)["running"]
