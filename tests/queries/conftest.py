"""Fixtures of the query tests: a small hand-written city with known gaps."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from gridnet import cypher, db
from gridnet.graph.schema import apply_schema
from gridnet.settings import Settings

FIXTURES = Path(__file__).resolve().parent / "fixtures"
AS_OF = dt.date(2024, 6, 1)
DELETE_ALL = "MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS"


def load_fixture(database: db.Database, name: str) -> None:
    """Empty the graph, then run every statement of fixtures/<name>.cypher."""
    with database.session() as s:
        s.run(DELETE_ALL).consume()
    for statement in cypher.load_file(FIXTURES / f"{name}.cypher")[name].statements:
        database.write(statement)


@pytest.fixture(scope="module")
def small_city(neo4j_settings: Settings, database: db.Database) -> Settings:
    """The small city fixture, loaded once per test module (tests must only read)."""
    apply_schema(database)
    load_fixture(database, "small_city")
    return neo4j_settings


def hits_per_grid(database, report: list[dict], **find: object) -> dict[str, dict[str, int]]:
    """Each report grid's hits per gap code, counted from the per-gap queries alone.

    A community-level gap counts its missing types in every grid of the community.
    """
    from gridnet.queries import gaps

    hits: dict[str, dict[str, int]] = {r["grid_id"]: {} for r in report}
    grids_of: dict[str, list[str]] = {}
    for r in report:
        grids_of.setdefault(r["community_id"], []).append(r["grid_id"])
    for code in gaps.GAP_CODES:
        for row in gaps.find(database, code, **find):
            if code == "community_missing_org_types":
                for grid in grids_of.get(row["community_id"], []):
                    hits[grid][code] = len(row["missing_types"])
            elif row["grid_id"] in hits:
                hits[row["grid_id"]][code] = hits[row["grid_id"]].get(code, 0) + 1
    return hits
