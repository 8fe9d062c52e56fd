"""Fixtures for the loader tests: an empty graph with the schema applied."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from gridnet.db import Database
from gridnet.graph.schema import apply_schema
from gridnet.settings import Settings

sys.path.insert(0, str(Path(__file__).parent))  # loadhelp


@pytest.fixture
def graph(empty_graph: Settings, database: Database) -> Iterator[Database]:
    """The database handle, on an empty graph with constraints, indexes and the Role
    vocabulary."""
    apply_schema(database)
    yield database
