"""Shared fixtures: one real Neo4j for the whole run (no mocks).

Without NEO4J_URI the local server is started (or reused) via gridnet.server.local;
if Neo4j cannot be reached the run fails loudly instead of skipping.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlparse

import pytest
from neo4j import Driver

from gridnet import db
from gridnet.server import local
from gridnet.settings import Settings
from tests.reliability.netfault import CuttableProxy

# The explorer asks for a sign-in once users exist: the tests start with none (tests of
# sign-in make their own file), whatever the developer's installation holds.
os.environ["GRIDNET_USERS_FILE"] = str(
    Path(tempfile.mkdtemp(prefix="gridnet-users-")) / "users.json"
)

DELETE_ALL = "MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS"


@pytest.fixture
def proxy(neo4j_settings: Settings) -> Iterator[CuttableProxy]:
    """A proxy to the shared test server, up; cut it with `down()` (an outage without
    stopping the server every other test uses)."""
    port = urlparse(neo4j_settings.uri).port or 7687
    proxy = CuttableProxy(port)
    proxy.up()
    yield proxy
    proxy.down()


@pytest.fixture(scope="session")
def neo4j_settings() -> Settings:
    """Settings of the Neo4j the tests use, guaranteed to answer."""
    settings = Settings.from_env()
    try:
        if settings.uses_local_server:
            local.start(settings)
        with db.Database.connect(settings) as database:
            database.ping()
    except (local.ServerError, db.DatabaseUnavailable) as exc:
        pytest.fail(f"Neo4j is required for the tests and is not reachable: {exc}", pytrace=False)
    return settings


@pytest.fixture(scope="session")
def database(neo4j_settings: Settings) -> Iterator[db.Database]:
    """The one database handle of the run, built here and passed to what is tested."""
    with db.Database.connect(neo4j_settings) as handle:
        yield handle


@pytest.fixture(scope="session")
def driver(database: db.Database) -> Driver:
    """The driver of the run's database handle."""
    return database.driver


@pytest.fixture
def empty_graph(neo4j_settings: Settings, database: db.Database) -> Iterator[Settings]:
    """Delete every node before the test; constraints and indexes are kept."""
    with database.session() as s:
        # CALL {...} IN TRANSACTIONS needs an auto-commit transaction, hence session.run.
        s.run(DELETE_ALL).consume()
    yield neo4j_settings


# --- The generated Xiaogan city, shared by every test that needs it -----------------
XIAOGAN_SEED = 7  # the seed `make demo` uses


@pytest.fixture(scope="session")
def xiaogan_dataset(tmp_path_factory: pytest.TempPathFactory) -> dict:
    """Generate the Xiaogan preset once per run; returns the manifest plus its folder."""
    from gridnet.loaders.synthetic import generate_to_dir

    out = tmp_path_factory.mktemp("xiaogan")
    manifest = generate_to_dir(out, preset="xiaogan", seed=XIAOGAN_SEED)
    return {**manifest, "path": out}


def _holds(database: db.Database, manifest: dict) -> bool:
    """Whether the database holds exactly this dataset, judged by per-label counts."""
    from gridnet.loaders.tables import TABLES

    rows = database.read(
        "CALL db.labels() YIELD label "
        "CALL (label) { MATCH (n) WHERE label IN labels(n) RETURN count(n) AS n } "
        "RETURN label, n"
    )
    counts = {r["label"]: r["n"] for r in rows}
    for name, table in TABLES.items():
        if table.label and counts.get(table.label, 0) != manifest["counts"].get(name, 0):
            return False
    return True


@pytest.fixture
def xiaogan_graph(database: db.Database, xiaogan_dataset: dict) -> dict:
    """The Xiaogan city loaded in the database (reloaded only if a test changed it).

    Tests using it must only read.
    """
    from gridnet.loaders.pipeline import load_path

    if not _holds(database, xiaogan_dataset):
        with database.session() as s:
            s.run(DELETE_ALL).consume()
        result = load_path(database, xiaogan_dataset["path"], rejects=None, progress=False)
        assert result.exit_code == 0, "the generated dataset must load without rejects"
    return xiaogan_dataset
