"""Explorer test fixtures: the hand-made fixture city loaded into the real test Neo4j."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from pathlib import Path

import pytest
import streamlit as st

from gridnet import db
from gridnet.graph.schema import apply_schema
from gridnet.settings import REPO_ROOT, Settings
from tests.explorer import fixture_city

APP = str(REPO_ROOT / "explorer_app.py")
ARTIFACTS = REPO_ROOT / "tests" / "artifacts"


@pytest.fixture(scope="module")
def city(neo4j_settings: Settings, database: db.Database) -> Iterator[Settings]:
    """The fixture city in an emptied graph (schema applied: search needs the full-text index)."""
    with database.session() as s:
        s.run("MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS").consume()
    apply_schema(database)
    fixture_city.load(database)
    st.cache_data.clear()
    yield neo4j_settings
    st.cache_data.clear()


@pytest.fixture(autouse=True)
def _fresh_cache() -> Iterator[None]:
    """Each test sees the graph as it is now, not a cached answer from another test."""
    st.cache_data.clear()
    yield


@pytest.fixture
def closed_port() -> int:
    """A local TCP port with nothing listening on it."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="session")
def artifacts() -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS
