"""The city-wide path (rustworkx on streamed columns) equals the networkx path."""

from __future__ import annotations

import pytest

from gridnet.queries import analytics, city_analytics, projection
from tests.queries.conftest import load_fixture

# Ties the fixture city lacks and projection_city must handle: a lighthouse in no
# grid serving a grid's household (HX, its resident PX), a household in no grid whose
# SERVES does not count (HZ: in the projection, so unserved), a person serving only a
# household outside every grid (PY: outside the projection), a person serving such a
# household besides living in a grid (P2 -> HQ: that tie is not in the projection),
# two lighthouses serving each other (H1, H9), a household without a lighthouse flag
# (H7 already), the same tie twice (P2 -> H4) and a platform serving an area above
# no grid (PF9 -> D2, left out with its area).
_ODD_TIES = """
MATCH (h5:Household {id: 'H5'}), (h2:Household {id: 'H2'}), (h1:Household {id: 'H1'}),
      (h9:Household {id: 'H9'}), (h4:Household {id: 'H4'}), (p2:Person {id: 'P2'}),
      (d2:Area {id: 'D2'})
CREATE (hx:Household {id: 'HX', lighthouse: true})-[:SERVES]->(h5),
       (:Person {id: 'PX'})-[:LIVES_IN]->(hx),
       (:Household {id: 'HZ', lighthouse: false})-[:SERVES]->(h2),
       (:Person {id: 'PY'})-[:SERVES]->(hx),
       (p2)-[:SERVES]->(:Household {id: 'HQ', lighthouse: false}),
       (h1)-[:SERVES]->(h9), (h9)-[:SERVES]->(h1),
       (p2)-[:SERVES]->(h4),
       (:Platform {id: 'PF9'})-[:SERVES]->(d2)
"""


def _both(database):
    G = projection.project(database)
    return G, city_analytics.analyse(database)


def _assert_equal(G, fast) -> None:
    assert fast.unserved == analytics.unserved_households(G)
    assert fast.load == analytics.load_balance(G)
    assert list(fast.load.served) == list(analytics.load_balance(G).served)
    assert fast.reach == analytics.reach(G)
    assert fast.articulation == analytics.articulation(G)


def test_city_path_equals_networkx_on_the_fixture_city(database, small_city):
    G, fast = _both(database)
    _assert_equal(G, fast)
    assert {"H5", "H8", "H22"} <= fast.unserved
    assert fast.load.served["H9"] == 12 and fast.load.over_capacity == ["H9"]
    assert fast.reach["H2"] == {"platform_hops": 3, "member_hops": 2}
    assert fast.reach["H10"]["platform_hops"] == 2
    points = {p["id"]: p for p in fast.articulation["articulation_points"]}
    assert points["P3"]["households_cut_off"] == ["H6", "H7"]
    assert ("P3", "H7") in fast.articulation["bridges"]
    assert ("P1", "H1") in fast.articulation["bridges"]  # as LIVES_IN runs


@pytest.fixture
def odd_city(database, small_city):
    """The fixture city plus `_ODD_TIES`; the plain fixture city again afterwards."""
    database.write(_ODD_TIES)
    yield
    load_fixture(database, "small_city")


def test_city_path_equals_networkx_on_odd_ties(database, odd_city):
    G, fast = _both(database)
    _assert_equal(G, fast)
    assert "HX" in G and "HZ" in G and "PY" not in G and "HQ" not in G
    assert "HZ" in fast.unserved and "H5" not in fast.unserved
    assert "PY" not in fast.load.served and fast.load.served["P2"] == 1
    assert fast.reach["H5"]["member_hops"] == 2  # H5 - HX - PX
    # tied both ways: listed in id order; a LIVES_IN bridge as the relationship runs
    assert {("H1", "H9"), ("PX", "HX")} <= set(fast.articulation["bridges"])


def test_city_path_on_an_empty_graph(database, empty_graph):
    G, fast = _both(database)
    _assert_equal(G, fast)
    assert fast.reach == {} and fast.unserved == set()
    assert fast.articulation == {"articulation_points": [], "bridges": []}


def test_analytics_command_reports_the_networkx_figures(database, small_city):
    """``gridnet analytics``: its JSON holds the figures of the networkx path, and the
    table names the worst articulation point first."""
    import json

    from click.testing import CliRunner

    from gridnet.cli import main

    load_fixture(database, "small_city")  # an earlier test of this module emptied it
    G = projection.project(database)
    load = analytics.load_balance(G)
    points = analytics.articulation(G)["articulation_points"]
    reach = analytics.reach(G)
    out = CliRunner().invoke(main, ["analytics", "--format", "json", "--top", "3"])
    assert out.exit_code == 0, out.output
    figures = json.loads(out.output)
    assert figures["unserved"]["households"] == sorted(analytics.unserved_households(G))
    assert figures["load"]["gini"] == load.gini and figures["load"]["over_capacity"] == ["H9"]
    assert figures["articulation_points"]["count"] == len(points)
    assert [p["id"] for p in figures["articulation_points"]["top"]] == [p["id"] for p in points[:3]]
    member = [h["member_hops"] for h in reach.values() if h["member_hops"] is not None]
    assert figures["reach"]["member"]["reached"] == len(member)
    assert figures["reach"]["member"]["max_hops"] == max(member)
    assert figures["bridges"]["count"] == len(analytics.articulation(G)["bridges"])

    table = CliRunner().invoke(main, ["analytics", "--top", "1"])
    assert table.exit_code == 0, table.output
    assert (
        f"unserved households 无人联系住户: {len(figures['unserved']['households'])}"
        in table.output
    )
    assert points[0]["id"] in table.output.splitlines()[-1]
