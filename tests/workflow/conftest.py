"""The hand-made fixture city (every gap planted once) in an emptied graph."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from gridnet.db import Database
from gridnet.graph.schema import apply_schema
from gridnet.settings import Settings
from tests.explorer import fixture_city


@pytest.fixture
def city(empty_graph: Settings, database: Database) -> Iterator[Database]:
    apply_schema(database)
    fixture_city.load(database)
    yield database
