"""`gridnet export DIR --unmasked` then `gridnet load DIR` into an empty database
restores the graph exactly (same counts and property checksums)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from gridnet import db
from gridnet.loaders.docs import EXAMPLE_CSV
from gridnet.settings import Settings

from .conftest import run_cli
from .graphcheck import fingerprint


def wipe(settings: Settings) -> None:
    with db.session(settings=settings) as s:
        s.run("MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS").consume()


def round_trip(settings: Settings, source: Path, tmp: Path) -> None:
    wipe(settings)
    first = run_cli(["load", str(source), "--quiet"], dict(os.environ), cwd=tmp)
    assert first.returncode == 0, first.stderr
    before = fingerprint(settings)
    backup = tmp / "backup"
    done = run_cli(["export", str(backup), "--unmasked"], dict(os.environ), cwd=tmp)
    assert done.returncode == 0, done.stderr
    wipe(settings)
    assert fingerprint(settings).nodes == {}
    restored = run_cli(["load", str(backup), "--quiet"], dict(os.environ), cwd=tmp)
    assert restored.returncode == 0, restored.stdout + restored.stderr
    after = fingerprint(settings)
    assert after == before, after.diff(before)
    assert sum(after.nodes.values()) > 0 and sum(after.rels.values()) > 0


def test_examples_export_and_reload_is_exact(empty_graph: Settings, tmp_path: Path) -> None:
    round_trip(empty_graph, EXAMPLE_CSV, tmp_path)


def test_generated_city_export_and_reload_is_exact(empty_graph: Settings,
                                                   tmp_path: Path) -> None:
    data = tmp_path / "xg"
    done = run_cli(["generate", "--preset", "xiaogan", "--seed", "3", "--scale", "0.05",
                    "--out", str(data), "--quiet"], dict(os.environ))
    assert done.returncode == 0, done.stderr
    round_trip(empty_graph, data, tmp_path)


@pytest.mark.slow
def test_generated_city_at_scale_export_and_reload_is_exact(empty_graph: Settings,
                                                            tmp_path: Path) -> None:
    data = tmp_path / "xg"
    done = run_cli(["generate", "--preset", "xiaogan", "--seed", "3", "--scale", "0.3",
                    "--out", str(data), "--quiet"], dict(os.environ))
    assert done.returncode == 0, done.stderr
    round_trip(empty_graph, data, tmp_path)
