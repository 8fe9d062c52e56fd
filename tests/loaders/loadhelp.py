"""Helpers for the loader tests: write datasets, load them, and snapshot the graph."""

from __future__ import annotations

import csv
import json
import random
import shutil
from pathlib import Path
from typing import Any

from neo4j.spatial import Point
from neo4j.time import Date, DateTime

from gridnet.db import Database
from gridnet.graph import model
from gridnet.graph.stats import graph_stats
from gridnet.loaders.docs import EXAMPLE_CSV, EXAMPLE_XLSX
from gridnet.loaders.pipeline import LoadResult, load_path

__all__ = ["EXAMPLE_CSV", "EXAMPLE_XLSX"]


def copy_examples(dest: Path) -> Path:
    """A writable copy of the example CSV dataset."""
    target = dest / "city"
    shutil.copytree(EXAMPLE_CSV, target)
    return target


def read_rows(path: Path, encoding: str = "utf-8-sig") -> list[dict[str, str]]:
    with path.open(encoding=encoding, newline="") as fh:
        return list(csv.DictReader(fh))


def write_rows(
    path: Path,
    rows: list[dict[str, Any]],
    encoding: str = "utf-8",
    columns: list[str] | None = None,
) -> Path:
    if columns is None:
        columns = []
        for row in rows:
            columns.extend(k for k in row if k not in columns)
    with path.open("w", encoding=encoding, newline="") as fh:
        writer = csv.DictWriter(fh, columns, extrasaction="ignore")
        writer.writeheader()
        for row in rows:
            writer.writerow({k: "" if row.get(k) is None else row.get(k) for k in columns})
    return path


def edit_table(folder: Path, table: str, change: Any) -> None:
    """Rewrite folder/<table>.csv with `change(rows)` -> rows."""
    path = folder / f"{table}.csv"
    rows = read_rows(path)
    columns = list(rows[0])
    write_rows(path, change(rows), columns=columns)


def load(path: Path, database: Database, **kwargs: Any) -> LoadResult:
    kwargs.setdefault("progress", False)
    kwargs.setdefault("rejects", None)
    return load_path(database, path, **kwargs)


def _plain(value: Any) -> Any:
    if isinstance(value, Date | DateTime):
        return value.iso_format()
    if isinstance(value, Point):
        return [round(c, 9) for c in value]
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


def _canon(props: dict[str, Any]) -> str:
    return json.dumps({k: _plain(v) for k, v in props.items()}, sort_keys=True, ensure_ascii=False)


# The network only: the gap report's rollups are derived from it and recomputed (with
# their refresh time) by every load; tests/loaders/test_load_rollup.py checks them.
_NETWORK = "WHERE none(label IN labels(n) WHERE label IN $derived)"


def snapshot(database: Database) -> tuple[frozenset, frozenset]:
    """Every node (labels, properties) and relationship (type, ends, properties) of the
    network (not the derived rollups)."""
    nodes = frozenset(
        (tuple(sorted(r["labels"])), _canon(r["props"]))
        for r in database.read(
            f"MATCH (n) {_NETWORK} RETURN labels(n) AS labels, properties(n) AS props",
            {"derived": list(model.DERIVED_LABELS)},
        )
    )
    rels = frozenset(
        (r["a"], r["type"], r["b"], _canon(r["props"]))
        for r in database.read(
            "MATCH (a)-[r]->(b) RETURN labels(a)[0] + ':' + a.id AS a, type(r) AS type, "
            "labels(b)[0] + ':' + b.id AS b, properties(r) AS props"
        )
    )
    return nodes, rels


def node(database: Database, node_id: str) -> dict[str, Any]:
    rows = database.read("MATCH (n {id: $id}) RETURN properties(n) AS p", {"id": node_id})
    assert len(rows) == 1, f"expected one node {node_id}, found {len(rows)}"
    return rows[0]["p"]


def edges(database: Database) -> list[tuple[str, str, str, str, str, dict[str, Any]]]:
    """(start label, start id, type, end label, end id, props) for every relationship."""
    return [
        (r["al"], r["a"], r["t"], r["bl"], r["b"], r["p"])
        for r in database.read(
            "MATCH (a)-[r]->(b) RETURN labels(a)[0] AS al, a.id AS a, type(r) AS t, "
            "labels(b)[0] AS bl, b.id AS b, properties(r) AS p"
        )
    ]


def count(database: Database, label: str | None = None) -> int:
    """Nodes with `label` (all nodes of the network when None: not the derived rollups),
    from the count store via graph_stats."""
    if label is None:
        return database.read(
            f"MATCH (n) {_NETWORK} RETURN count(n) AS n", {"derived": list(model.DERIVED_LABELS)}
        )[0]["n"]
    return graph_stats(database)["nodes"][label]


def make_big_dataset(folder: Path, households: int = 30_000, seed: int = 7) -> Path:
    """A generated-in-test city large enough to interrupt a load midway."""
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    grids_n = max(households // 200, 4)
    write_rows(
        folder / "areas.csv",
        [
            {"id": "C", "name": "大城市", "level": "city"},
            {"id": "C-D", "name": "一区", "level": "district", "parent_id": "C"},
            {"id": "C-D-S", "name": "一街道", "level": "street", "parent_id": "C-D"},
            *(
                {
                    "id": f"C-D-S-{i}",
                    "name": f"社区{i}",
                    "level": "community",
                    "parent_id": "C-D-S",
                    "population": rng.randint(1000, 9000),
                }
                for i in range(10)
            ),
        ],
    )
    grids = [
        {
            "id": f"G{i:05d}",
            "name": f"网格{i}",
            "community_id": f"C-D-S-{i % 10}",
            "kind": "district_block",
            "centroid_lat": 30 + i / 1e4,
            "centroid_lon": 114,
        }
        for i in range(grids_n)
    ]
    write_rows(folder / "grids.csv", grids)
    buildings = [
        {
            "id": f"B{i:06d}",
            "name": f"{i}栋",
            "grid_id": grids[i % grids_n]["id"],
            "floors": rng.randint(2, 30),
        }
        for i in range(grids_n * 8)
    ]
    write_rows(folder / "buildings.csv", buildings)
    orgs = [
        {
            "id": f"GB{i:05d}",
            "name": f"网格{i}党支部",
            "system": "core",
            "type": "party",
            "kind": "grid_party_branch",
            "grid_id": g["id"],
        }
        for i, g in enumerate(grids)
    ]
    write_rows(folder / "organisations.csv", orgs)
    hh = []
    for i in range(households):
        b = buildings[rng.randrange(len(buildings))]
        hh.append(
            {
                "id": f"H{i:07d}",
                "name": f"住户{i}",
                "grid_id": b["grid_id"],
                "building_id": b["id"],
                "size": rng.randint(1, 6),
                "lighthouse": "true" if i % 25 == 0 else "false",
                "vulnerable": "true" if rng.random() < 0.1 else "false",
            }
        )
    write_rows(folder / "households.csv", hh)
    people = [
        {
            "id": f"P{i:07d}",
            "name": f"人{i}",
            "household_id": hh[i * 3]["id"],
            "birth_year": rng.randint(1940, 2000),
            "party_member": "true",
            "skills": "调解;书法",
        }
        for i in range(households // 3)
    ]
    write_rows(folder / "people.csv", people)
    ties = [
        {
            "server_type": "person",
            "server_id": people[i % len(people)]["id"],
            "household_id": hh[i]["id"],
            "since": "2013-03-01",
        }
        for i in range(households)
    ]
    write_rows(folder / "service_ties.csv", ties)
    return folder
