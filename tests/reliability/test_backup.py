"""`gridnet export DIR --unmasked` then `gridnet load DIR` into an empty database
restores the graph exactly (same counts and property checksums, display forms and
tokens included) and the vault's clear values behind it."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from gridnet import db
from gridnet.loaders.docs import EXAMPLE_CSV
from gridnet.privacy import PERSONAL
from gridnet.settings import Settings
from gridnet.vault import Vault

from .conftest import generate_city, run_cli
from .graphcheck import fingerprint


def wipe(settings: Settings) -> None:
    with db.Database.connect(settings) as database, database.session() as s:
        s.run("MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS").consume()


def vault_snapshot(settings: Settings) -> dict[str, dict[str, dict[str, str]]]:
    """The vault's clear values of every resident in the graph."""
    out = {}
    with Vault.open(settings) as vault, db.Database.connect(settings) as database:
        for label in PERSONAL:
            ids = [r["id"] for r in database.read(f"MATCH (n:{label}) RETURN n.id AS id")]
            out[label] = vault.get(label, ids)
            assert len(out[label]) == len(ids) > 0, label
    return out


def round_trip(settings: Settings, source: Path, tmp: Path) -> None:
    wipe(settings)
    first = run_cli(["load", str(source), "--quiet"], dict(os.environ), cwd=tmp)
    assert first.returncode == 0, first.stderr
    before = fingerprint(settings)
    clear_before = vault_snapshot(settings)
    backup = tmp / "backup"
    done = run_cli(["export", str(backup), "--unmasked"], dict(os.environ), cwd=tmp)
    assert done.returncode == 0, done.stderr
    wipe(settings)
    assert fingerprint(settings).nodes == {}
    restored = run_cli(["load", str(backup), "--quiet"], dict(os.environ), cwd=tmp)
    assert restored.returncode == 0, restored.stdout + restored.stderr
    after = fingerprint(settings)
    assert after == before, after.diff(before)  # display forms and tokens included
    assert vault_snapshot(settings) == clear_before  # and the clear values behind them
    assert sum(after.nodes.values()) > 0 and sum(after.rels.values()) > 0


def test_examples_export_and_reload_is_exact(empty_graph: Settings, tmp_path: Path) -> None:
    round_trip(empty_graph, EXAMPLE_CSV, tmp_path)


def test_generated_city_export_and_reload_is_exact(empty_graph: Settings, tmp_path: Path) -> None:
    round_trip(empty_graph, generate_city(tmp_path / "xg", scale=0.05), tmp_path)


@pytest.mark.slow
def test_generated_city_at_scale_export_and_reload_is_exact(
    empty_graph: Settings, tmp_path: Path
) -> None:
    data = tmp_path / "xg"
    generate_city(data)
    round_trip(empty_graph, data, tmp_path)
