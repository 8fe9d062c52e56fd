"""Fixtures: one generated Xiaogan dataset (scale 1) written as CSV and read back typed."""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from gridnet.loaders.synthetic import generate_to_dir
from gridnet.loaders.tables import TABLES, Table

SEED = 7
AS_OF = date(2026, 6, 30)


def parse(table: Table, row: dict[str, str]) -> dict[str, Any]:
    """Turn CSV text into typed values following tables.py (empty -> None)."""
    out: dict[str, Any] = {}
    for col in table.columns:
        text = row[col.name]
        if text == "":
            out[col.name] = None
        elif col.type == "int":
            out[col.name] = int(text)
        elif col.type == "float":
            out[col.name] = float(text)
        elif col.type == "bool":
            out[col.name] = {"true": True, "false": False}[text]
        elif col.type == "list":
            out[col.name] = text.split(";")
        else:
            out[col.name] = text
    return out


def read_csv_dir(path: Path) -> tuple[dict[str, list[str]], dict[str, list[dict[str, Any]]]]:
    """Headers and typed rows of every ``<table>.csv`` in ``path``."""
    headers: dict[str, list[str]] = {}
    rows: dict[str, list[dict[str, Any]]] = {}
    for name, table in TABLES.items():
        with (path / f"{name}.csv").open(encoding="utf-8", newline="") as fh:
            reader = csv.reader(fh)
            headers[name] = next(reader)
            rows[name] = [parse(table, dict(zip(headers[name], r, strict=True))) for r in reader]
    return headers, rows


@pytest.fixture(scope="session")
def scale1_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("xiaogan")
    generate_to_dir(out, seed=SEED, scale=1.0, as_of=AS_OF, fmt="csv")
    return out


@pytest.fixture(scope="session")
def scale1(scale1_dir: Path) -> dict[str, Any]:
    import json

    headers, rows = read_csv_dir(scale1_dir)
    manifest = json.loads((scale1_dir / "manifest.json").read_text(encoding="utf-8"))
    return {"headers": headers, "rows": rows, "manifest": manifest, "dir": scale1_dir}
