"""Determinism and the three output formats."""

from __future__ import annotations

import hashlib
import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from gridnet.loaders.synthetic import generate, generate_to_dir, write_dataset
from gridnet.loaders.tables import TABLES, load_order

from .conftest import read_csv_dir

pytestmark = pytest.mark.unit

ORDER = [t.name for t in load_order()]


def _digest(path: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(path.iterdir())}


def test_same_seed_same_bytes(scale1: dict[str, Any], tmp_path: Path) -> None:
    generate_to_dir(tmp_path, seed=7, scale=1.0, as_of=date(2026, 6, 30))
    assert _digest(tmp_path) == _digest(scale1["dir"])


def test_memory_and_streaming_agree(tmp_path: Path) -> None:
    a, b = tmp_path / "a", tmp_path / "b"
    generate_to_dir(a, seed=2, scale=0.1)
    write_dataset(generate(seed=2, scale=0.1), b)
    assert _digest(a) == _digest(b)


def test_seed_and_as_of_change_output(tmp_path: Path) -> None:
    a = generate(seed=1, scale=0.1)
    b = generate(seed=2, scale=0.1)
    c = generate(seed=1, scale=0.1, as_of=date(2025, 1, 31))
    assert a.tables["households"] != b.tables["households"]
    assert a.manifest["planted"] != b.manifest["planted"]
    assert c.manifest["as_of"] == "2025-01-31"
    assert max(r["opened_at"] for r in c.tables["service_requests"]) < "2025-01-31"


def test_json_format(tmp_path: Path) -> None:
    m = generate_to_dir(tmp_path, seed=4, scale=0.1, fmt="json")
    data = json.loads((tmp_path / "dataset.json").read_text(encoding="utf-8"))
    assert list(data) == ORDER
    assert {k: len(v) for k, v in data.items()} == m["counts"]
    h = data["households"][0]
    assert list(h) == TABLES["households"].column_names
    assert isinstance(h["lighthouse"], bool) and isinstance(h["size"], int)
    manifest = json.loads((tmp_path / "manifest.json").read_text(encoding="utf-8"))
    assert manifest == m
    assert not list(tmp_path.glob(".*.part"))
    again = tmp_path / "again"
    generate_to_dir(again, seed=4, scale=0.1, fmt="json")
    assert (again / "dataset.json").read_bytes() == (tmp_path / "dataset.json").read_bytes()


def test_xlsx_format(tmp_path: Path) -> None:
    m = generate_to_dir(tmp_path, seed=4, scale=0.1, fmt="xlsx")
    again = tmp_path / "again"
    generate_to_dir(again, seed=4, scale=0.1, fmt="xlsx")
    assert (again / "dataset.xlsx").read_bytes() == (tmp_path / "dataset.xlsx").read_bytes()
    assert not list(tmp_path.glob(".*.part"))
    wb = load_workbook(tmp_path / "dataset.xlsx", read_only=True)
    assert wb.sheetnames == ORDER
    for name in TABLES:
        rows = list(wb[name].iter_rows(values_only=True))
        assert list(rows[0]) == TABLES[name].column_names
        assert len(rows) - 1 == m["counts"][name]


def test_csv_round_trip_matches_memory(tmp_path: Path) -> None:
    ds = generate(seed=9, scale=0.1)
    write_dataset(ds, tmp_path)
    _, rows = read_csv_dir(tmp_path)
    assert {k: len(v) for k, v in rows.items()} == ds.manifest["counts"]
    assert rows["households"][5]["id"] == ds.tables["households"][5]["id"]
