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


def _snapshot(settings: Settings) -> tuple[list, list]:
    schema = show_schema(settings)
    cons = sorted(
        (c["name"], c["type"], tuple(c["labelsOrTypes"]), tuple(c["properties"]))
        for c in schema["constraints"]
    )
    idx = sorted((i["name"], i["type"]) for i in schema["indexes"])
    return cons, idx


def test_apply_twice_is_idempotent(neo4j_settings: Settings) -> None:
    apply_schema(neo4j_settings)
    first = _snapshot(neo4j_settings)
    again = apply_schema(neo4j_settings)
    assert again == {"constraints_added": 0, "indexes_added": 0}
    assert _snapshot(neo4j_settings) == first


def test_every_label_has_a_unique_id_constraint(neo4j_settings: Settings) -> None:
    apply_schema(neo4j_settings)
    cons, _ = _snapshot(neo4j_settings)
    unique = {
        labels[0] for _, kind, labels, props in cons if kind == "UNIQUENESS" and props == ("id",)
    }
    assert unique == set(model.LABELS)


def test_indexes_are_online(neo4j_settings: Settings) -> None:
    apply_schema(neo4j_settings)
    states = {i["name"]: i["state"] for i in show_schema(neo4j_settings)["indexes"]}
    assert "place_names" in states and "household_lighthouse" in states
    assert set(states.values()) == {"ONLINE"}


@pytest.mark.parametrize("label", ["Grid", "Household", "Organization"])
def test_duplicate_id_is_rejected(empty_graph: Settings, label: str) -> None:
    apply_schema(empty_graph)
    create = f"CREATE (:{label} {{id: $id}})"  # label from a fixed list, value a parameter
    db.write(create, {"id": "DUP-1"}, settings=empty_graph)
    with pytest.raises(ConstraintError):
        db.write(create, {"id": "DUP-1"}, settings=empty_graph)
    rows = db.read(
        f"MATCH (n:{label} {{id: $id}}) RETURN count(n) AS n", {"id": "DUP-1"}, settings=empty_graph
    )
    assert rows == [{"n": 1}]


def test_roles_vocabulary_is_loaded(neo4j_settings: Settings) -> None:
    apply_schema(neo4j_settings)
    rows = db.read("MATCH (r:Role) RETURN r.id AS id, r.name AS name", settings=neo4j_settings)
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
    neo4j_settings: Settings,
) -> None:
    """No gridnet code on the read path: the stock driver, the password file, SHOW CONSTRAINTS."""
    import neo4j

    apply_schema(neo4j_settings)
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
