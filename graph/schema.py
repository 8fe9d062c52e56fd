"""Apply and inspect the knowledge model's constraints and indexes.

Every statement in ``schema.cypher`` uses ``IF NOT EXISTS``, so applying twice
changes nothing; ``apply_schema`` then waits for the indexes to come online,
because a loader that MERGEs before its unique index is online scans every node.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, LiteralString

from gridnet import cypher
from gridnet.db import Database
from gridnet.graph import model

__all__ = ["SCHEMA_FILE", "apply_schema", "role_nodes", "show_schema", "statements"]

SCHEMA_FILE = Path(__file__).with_name("schema.cypher")


def statements() -> list[LiteralString]:
    """The schema statements, in file order."""
    return cypher.load_file(SCHEMA_FILE)["schema"].statements


def role_nodes() -> list[dict[str, Any]]:
    """The fixed Role vocabulary as node properties (the bulk first load writes the same)."""
    return [
        {"id": t.code, "name": t.zh, "name_en": t.en, "five_roles": t.code in model.FIVE_ROLES}
        for t in model.ROLES.values()
    ]


def apply_schema(db: Database, wait_seconds: int = 300) -> dict[str, int]:
    """Create missing constraints and indexes and the fixed Role vocabulary.

    Returns counters: constraints and indexes added by this call (0 when the
    schema was already in place).
    """
    added = {"constraints_added": 0, "indexes_added": 0}
    with db.session() as s:
        for stmt in statements():
            counters = s.run(stmt).consume().counters
            added["constraints_added"] += counters.constraints_added
            added["indexes_added"] += counters.indexes_added
        s.run("CALL db.awaitIndexes($seconds)", seconds=wait_seconds).consume()
    db.write(
        "UNWIND $roles AS r MERGE (n:Role {id: r.id}) SET n += r",
        {"roles": role_nodes()},
    )
    return added


def show_schema(db: Database) -> dict[str, list[dict[str, Any]]]:
    """Constraints and indexes as the database reports them."""
    constraints = db.read(
        "SHOW CONSTRAINTS YIELD name, type, labelsOrTypes, properties "
        "RETURN name, type, labelsOrTypes, properties ORDER BY name"
    )
    indexes = db.read(
        "SHOW INDEXES YIELD name, type, labelsOrTypes, properties, state, owningConstraint "
        "RETURN name, type, labelsOrTypes, properties, state, owningConstraint ORDER BY name"
    )
    return {"constraints": constraints, "indexes": indexes}
