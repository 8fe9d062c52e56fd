"""Which referenced ids already exist in the database, and what the rules need of them.

Why a module of its own: a delivery may refer to grids, households or people loaded
before. The passes ask for the ids the input does not define, a chunk of rows at a
time, through the `Lookup` protocol, so that validation can run against a database
(`DatabaseLookup`) or against the input alone (`NoLookup`, e.g. the generator's
self-check) without knowing which.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, LiteralString, Protocol

from gridnet import cypher
from gridnet.db import Database

__all__ = ["LOOKUP_BATCH", "LOOKUP_FILE", "DatabaseLookup", "Lookup", "NoLookup"]

LOOKUP_FILE = Path(__file__).with_name("cypher") / "lookup.cypher"
LOOKUP_BATCH = 10_000
"""Ids per look-up query."""


class Lookup(Protocol):
    """Finds which referenced ids already exist in the database."""

    def find(self, table: str, ids: list[str]) -> dict[str, dict[str, Any]]:
        """Return {id: attributes} for the ids of `table` that exist."""
        ...


class NoLookup:
    """An empty database: every reference must be satisfied by the input itself."""

    def find(self, table: str, ids: list[str]) -> dict[str, dict[str, Any]]:
        return {}


class DatabaseLookup:
    """Looks ids up in Neo4j in batches with parameterised `UNWIND $ids` queries.

    The attributes returned are what the domain rules need of a row loaded before:
    an area's level, a building's grid, whether a household is a lighthouse.
    """

    def __init__(self, db: Database, batch_size: int = LOOKUP_BATCH) -> None:
        self.db = db
        self.batch_size = batch_size
        self.statements: dict[str, LiteralString] = {
            name: query.text for name, query in cypher.load_file(LOOKUP_FILE).items()
        }

    def find(self, table: str, ids: list[str]) -> dict[str, dict[str, Any]]:
        found: dict[str, dict[str, Any]] = {}
        query = self.statements[table]
        for start in range(0, len(ids), self.batch_size):
            batch = ids[start : start + self.batch_size]
            for record in self.db.read(query, {"ids": batch}):
                found[record["id"]] = record
        return found
