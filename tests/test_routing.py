"""The read path through the routing driver (``neo4j://``), as against a cluster or Aura.

Why: a deployment beyond one machine gives gridnet a ``neo4j://`` URI, and the driver
then routes each transaction by its access mode: reads to followers, writes to the
leader. A single server answers routing too (it is its own reader and writer), so
the same read path is run here through ``neo4j://`` against the test server and its
answers compared with the direct ``bolt://`` handle's. The read-only guard must hold
there as well.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator

import pytest
from click.testing import CliRunner

from gridnet import db
from gridnet.cli import main
from gridnet.queries import catalog, gaps, runner
from gridnet.settings import Settings


def _routing_env(settings: Settings) -> dict[str, str]:
    """NEO4J_URI/NEO4J_PASSWORD for the same server through the routing scheme."""
    uri = re.sub(r"^bolt://", "neo4j://", settings.uri)
    assert uri.startswith("neo4j://"), settings.uri
    return {"NEO4J_URI": uri, "NEO4J_PASSWORD": settings.password or ""}


@pytest.fixture
def routed(neo4j_settings: Settings) -> Iterator[db.Database]:
    settings = Settings.from_env({**_routing_env(neo4j_settings)}, dotenv=None)
    assert settings.uri.startswith("neo4j://") and not settings.uses_local_server
    with db.Database.connect(settings) as handle:
        yield handle


def test_the_routing_driver_answers_the_catalog_like_bolt(
    routed: db.Database, database: db.Database, xiaogan_graph: dict
) -> None:
    community = database.read(
        "MATCH (c:Area {level: 'community'}) RETURN c.id AS id ORDER BY id LIMIT 1"
    )[0]["id"]
    for name, params in (
        ("gap_report", {}),
        ("gap_report", {"community": community}),
        ("community_summary", {}),
        ("lighthouse_load", {"community": community}),
        ("graph_stats", {}),
    ):
        routed_rows = catalog.rows(routed, name, params)
        assert routed_rows == catalog.rows(database, name, params), name
        assert routed_rows, name
    assert gaps.find(routed, "household_unserved") == gaps.find(database, "household_unserved")


def test_the_routing_driver_keeps_the_console_read_only(
    routed: db.Database, xiaogan_graph: dict
) -> None:
    with pytest.raises(runner.QueryError):
        runner.run_readonly(routed, "MATCH (g:Grid) SET g.name = 'x' RETURN g")
    before = routed.read("MATCH (g:Grid) RETURN count(g) AS n")
    assert before[0]["n"] > 0


def test_the_cli_reads_through_a_routing_uri(
    neo4j_settings: Settings, database: db.Database, xiaogan_graph: dict
) -> None:
    env = _routing_env(neo4j_settings)
    result = CliRunner().invoke(main, ["gaps", "--format", "json"], env=env)
    assert result.exit_code == 0, result.output
    via_routing = json.loads(result.output)["rows"]
    direct = catalog.rows(database, "gap_report", {})
    assert [r["grid_id"] for r in via_routing] == [r["grid_id"] for r in direct]
    assert [r["score"] for r in via_routing] == [r["score"] for r in direct]


def test_reads_follow_the_handles_own_writes(routed: db.Database, empty_graph: Settings) -> None:
    """In a cluster a read may land on a follower: the handle's sessions share bookmarks,
    so a read after its write waits for that write there."""
    before = set(routed.bookmarks.get_bookmarks())
    routed.write("CREATE (:Area {id: 'A-ROUTE', name: '路由', level: 'district'})")
    after = set(routed.bookmarks.get_bookmarks())
    assert after and after != before
    assert routed.read("MATCH (a:Area {id: 'A-ROUTE'}) RETURN a.name AS name") == [{"name": "路由"}]
    assert set(routed.bookmarks.get_bookmarks()) >= after
