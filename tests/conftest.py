"""Shared fixtures: one real Neo4j for the whole run (no mocks).

Without NEO4J_URI the local server is started (or reused) via gridnet.server.local;
if Neo4j cannot be reached the run fails loudly instead of skipping.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from neo4j import Driver

from gridnet import db
from gridnet.server import local
from gridnet.settings import Settings

DELETE_ALL = "MATCH (n) CALL { WITH n DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS"


@pytest.fixture(scope="session")
def neo4j_settings() -> Settings:
    """Settings of the Neo4j the tests use, guaranteed to answer."""
    settings = Settings.from_env()
    try:
        if settings.uses_local_server:
            local.start(settings)
        db.ping(settings)
    except (local.ServerError, db.DatabaseUnavailable) as exc:
        pytest.fail(f"Neo4j is required for the tests and is not reachable: {exc}", pytrace=False)
    return settings


@pytest.fixture(scope="session")
def driver(neo4j_settings: Settings) -> Driver:
    """The shared driver owned by gridnet.db (closed at exit)."""
    return db.get_driver(neo4j_settings)


@pytest.fixture
def empty_graph(neo4j_settings: Settings) -> Iterator[Settings]:
    """Delete every node before the test; constraints and indexes are kept."""
    with db.session(settings=neo4j_settings) as s:
        # CALL {...} IN TRANSACTIONS needs an auto-commit transaction, hence session.run.
        s.run(DELETE_ALL).consume()
    yield neo4j_settings
