"""Fixtures for the loader tests: an empty graph with the schema applied."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from gridnet import db
from gridnet.graph.schema import apply_schema
from gridnet.settings import Settings

sys.path.insert(0, str(Path(__file__).parent))  # loadhelp


@pytest.fixture
def graph(empty_graph: Settings) -> Iterator[Settings]:
    """An empty database with constraints, indexes and the Role vocabulary."""
    with db.Database.connect(empty_graph) as database:
        apply_schema(database)
    yield empty_graph
