"""Fixtures for the security tests: the example city as a known baseline, a CLI
runner, and the graph fingerprint shared with tests/reliability."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from gridnet.db import Database
from gridnet.graph.schema import apply_schema
from gridnet.loaders.docs import EXAMPLE_CSV
from gridnet.loaders.pipeline import load_path
from gridnet.settings import Settings

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "reliability"))

from graphcheck import Fingerprint, fingerprint  # noqa: E402

GRIDNET = str(Path(sys.executable).with_name("gridnet"))
CORPUS = Path(__file__).with_name("corpus")

__all__ = ["CORPUS", "Fingerprint", "fingerprint", "run_cli", "user_env"]


def user_env(**overrides: str) -> dict[str, str]:
    """The environment of a user who did not opt in to personal data."""
    env = {k: v for k, v in os.environ.items() if k != "GRIDNET_SHOW_PERSONAL"}
    env.update(overrides)
    return env


def run_cli(
    args: list[str],
    env: dict[str, str] | None = None,
    timeout: float = 300,
    cwd: Path | None = None,
) -> subprocess.CompletedProcess[str]:
    """`gridnet ARGS` in a subprocess; output decoded leniently (it may hold junk)."""
    return subprocess.run(
        [GRIDNET, *args],
        env=env or user_env(),
        capture_output=True,
        text=True,
        errors="backslashreplace",
        timeout=timeout,
        cwd=cwd,
        check=False,
    )


def reload_examples(database: Database) -> None:
    with database.session() as s:
        s.run("MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS").consume()
    apply_schema(database)
    assert load_path(database, EXAMPLE_CSV, rejects=None, progress=False).report.rejected_rows == 0


@pytest.fixture(scope="module")
def city(neo4j_settings: Settings, database: Database) -> Iterator[Settings]:
    """The example city loaded into an emptied graph, once per module."""
    reload_examples(database)
    yield neo4j_settings
