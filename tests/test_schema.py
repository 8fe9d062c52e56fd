"""The knowledge model's schema: idempotent apply, enforced constraints, documented model."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from neo4j.exceptions import ConstraintError

from gridnet import db
from gridnet.graph import model
from gridnet.graph.schema import apply_schema, show_schema
from gridnet.settings import Settings

GRAPH_DIR = Path(__file__).resolve().parent.parent / "graph"


def _snapshot(database: db.Database) -> tuple[list, list]:
    schema = show_schema(database)
    cons = sorted(
        (c["name"], c["type"], tuple(c["labelsOrTypes"]), tuple(c["properties"]))
        for c in schema["constraints"]
    )
    idx = sorted((i["name"], i["type"]) for i in schema["indexes"])
    return cons, idx


def test_apply_twice_is_idempotent(database: db.Database) -> None:
    apply_schema(database)
    first = _snapshot(database)
    again = apply_schema(database)
    assert again == {"constraints_added": 0, "indexes_added": 0}
    assert _snapshot(database) == first


def test_every_label_has_a_unique_id_constraint(database: db.Database) -> None:
    apply_schema(database)
    cons, _ = _snapshot(database)
    unique = {
        labels[0] for _, kind, labels, props in cons if kind == "UNIQUENESS" and props == ("id",)
    }
    by_grid = {
        labels[0]
        for _, kind, labels, props in cons
        if kind == "UNIQUENESS" and props == ("grid_id",)
    }
    assert unique == set(model.LABELS) - set(model.KEYED_BY_GRID)
    assert by_grid == set(model.KEYED_BY_GRID)


def test_indexes_are_online(database: db.Database) -> None:
    apply_schema(database)
    states = {i["name"]: i["state"] for i in show_schema(database)["indexes"]}
    assert "place_names" in states and "household_lighthouse" in states
    assert set(states.values()) == {"ONLINE"}


@pytest.mark.parametrize("label", ["Grid", "Household", "Organization"])
def test_duplicate_id_is_rejected(empty_graph: Settings, database: db.Database, label: str) -> None:
    apply_schema(database)
    create = f"CREATE (:{label} {{id: $id}})"  # label from a fixed list, value a parameter
    database.write(create, {"id": "DUP-1"})
    with pytest.raises(ConstraintError):
        database.write(create, {"id": "DUP-1"})
    rows = database.read(f"MATCH (n:{label} {{id: $id}}) RETURN count(n) AS n", {"id": "DUP-1"})
    assert rows == [{"n": 1}]


def test_roles_vocabulary_is_loaded(database: db.Database) -> None:
    apply_schema(database)
    rows = database.read("MATCH (r:Role) RETURN r.id AS id, r.name AS name")
    by_id = {r["id"]: r["name"] for r in rows}
    assert set(model.ROLES) <= set(by_id)
    assert by_id["first_secretary"] == "第一书记"


@pytest.mark.unit
def test_model_is_documented() -> None:
    """Every label and relationship type appears in graph/README.md with its Chinese term."""
    readme = (GRAPH_DIR / "README.md").read_text(encoding="utf-8")
    for name, term in {**model.LABELS, **model.RELATIONSHIPS}.items():
        row = re.search(rf"^\| `{name}` \| ([^|]+) \|", readme, re.MULTILINE)
        assert row, f"{name} missing from graph/README.md"
        assert term.zh in row.group(1), f"{name}: expected {term.zh}"


def test_plain_driver_reads_constraints_with_generated_credentials(
    neo4j_settings: Settings, database: db.Database
) -> None:
    """No gridnet code on the read path: the stock driver, the password file, SHOW CONSTRAINTS."""
    import neo4j

    apply_schema(database)
    password = (
        neo4j_settings.password
        if neo4j_settings.uri_configured
        else neo4j_settings.password_file.read_text(encoding="utf-8").strip()
    )
    with neo4j.GraphDatabase.driver(
        neo4j_settings.uri, auth=(neo4j_settings.user, password)
    ) as driver:
        records, _, _ = driver.execute_query(
            "SHOW CONSTRAINTS YIELD name RETURN name", database_=neo4j_settings.database
        )
    names = {r["name"] for r in records}
    assert {"grid_id", "household_id", "organization_id"} <= names
