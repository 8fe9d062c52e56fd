"""Projection, networkx analytics, what-if, and the independent gap cross-check."""

from __future__ import annotations

import networkx as nx
import pytest

from gridnet.queries import analytics, gaps, projection
from tests.queries import crosscheck
from tests.queries.conftest import AS_OF
from tests.queries.expected import EXPECTED


@pytest.fixture(scope="module")
def city(database, small_city):
    return projection.project(database)


def test_projection_scopes(database, small_city):
    g1 = projection.project(database, grid="G1")
    assert {
        "G1",
        "C1",
        "S1",
        "D1",
        "C0",
        "B1",
        "B2",
        "H1",
        "H5",
        "P1",
        "P2",
        "O-GB1",
        "O-BG1",
        "O-X1",
        "O-X2",
        "O-X6",
        "PF1",
        "R1",
        "A1",
        "F1",
        "legal_aid",
    } <= set(g1)
    assert "G2" not in g1 and "H6" not in g1 and "PF3" not in g1
    assert g1.nodes["H1"]["label"] == "Household" and g1.nodes["H1"]["lighthouse"] is True
    assert g1.has_edge("H1", "H2", key="SERVES")
    assert g1.has_edge("G1", "C1", key="IN_AREA")
    c1 = projection.project(database, community="C1")
    assert {"G1", "G2", "G5", "G7"} <= set(c1) and "G3" not in c1
    d1 = projection.project(database, district="D1")
    assert {"G1", "G3", "G4", "G6"} <= set(d1)
    with pytest.raises(ValueError):
        projection.project(database, grid="G1", community="C1")


def test_crosscheck_agrees_with_every_gap_query(database, small_city, city):
    independent = crosscheck.compute(city, AS_OF)
    for code in gaps.GAP_CODES:
        rows = gaps.find(database, code, as_of=AS_OF)
        if code == "community_missing_org_types":
            found = {(r["community_id"], tuple(sorted(r["missing_types"]))) for r in rows}
        else:
            found = gaps.keys(code, rows)
        assert found == independent[code] == EXPECTED[code], code


def test_reach(city):
    hops = analytics.reach(city)
    assert hops["H2"] == {"platform_hops": 3, "member_hops": 2}  # via lighthouse H1 -> P1
    assert hops["H4"]["member_hops"] == 1
    assert hops["H5"]["member_hops"] is None  # unserved
    assert hops["H10"]["platform_hops"] == 2  # PF3 serves grid G4


def _platform_reached(G) -> set:
    """Households with a path IN_GRID, IN_AREA, PART_OF* to something a platform SERVES."""
    up = nx.DiGraph(
        [(u, v) for u, v, d in G.edges(data=True) if d["type"] in ("IN_GRID", "IN_AREA", "PART_OF")]
    )
    served = {
        v
        for u, v, d in G.edges(data=True)
        if d["type"] == "SERVES" and G.nodes[u]["label"] == "Platform"
    }
    return {
        h
        for h, d in G.nodes(data=True)
        if d["label"] == "Household" and h in up and (nx.descendants(up, h) & served)
    }


def test_what_if_remove_platform_or_organisation(city):
    pf3 = analytics.what_if_remove("PF3", city)  # the only platform reaching G4
    assert pf3.newly_unserved == [] and len(pf3.newly_without_platform) == 14
    assert pf3.newly_unmet == [
        {"request": "R6", "household": "H22", "grid": "G4", "category": "legal_aid"}
    ]
    assert analytics.what_if_remove("PF6", city).newly_without_platform == []  # PF2 covers
    x6 = analytics.what_if_remove("O-X6", city)
    assert x6.newly_without_platform == [] and [r["request"] for r in x6.newly_unmet] == ["R5"]
    # newly unmet (grid, category) pairs agree with the independent gap cross-check
    before = crosscheck.compute(city, AS_OF)["category_unmet"]
    for node in ("PF1", "PF2", "PF3", "PF6", "O-X6"):
        copy = city.copy()
        copy.remove_node(node)
        expected = crosscheck.compute(copy, AS_OF)["category_unmet"] - before
        found = {
            (r["grid"], r["category"]) for r in analytics.what_if_remove(node, city).newly_unmet
        }
        assert found == expected, node
        # households no platform reaches any more, by plain reachability up the hierarchy
        lost = _platform_reached(city) - _platform_reached(copy)
        assert set(analytics.what_if_remove(node, city).newly_without_platform) == lost, node


def test_articulation_and_bridges(database, small_city):
    g2 = projection.project(database, grid="G2")
    result = analytics.articulation(g2)
    points = {p["id"]: p for p in result["articulation_points"]}
    assert points["P3"]["households_cut_off"] == ["H6", "H7"]
    assert ("P3", "H7") in result["bridges"]
    g4 = projection.project(database, grid="G4")
    top = analytics.articulation(g4)["articulation_points"][0]
    assert top["id"] == "H9" and len(top["households_cut_off"]) == 11


def test_load_balance(city):
    lb = analytics.load_balance(city)
    assert lb.served["H9"] == 12 and lb.max == 12
    assert lb.served == {"H9": 12, "H1": 2, "P3": 2, "H23": 1, "P2": 1, "P5": 1, "P7": 1}
    assert lb.over_capacity == ["H9"]
    assert lb.mean == round(20 / 7, 3)
    assert 0.4 < lb.gini < 0.6


def test_what_if_remove(city):
    lighthouse = analytics.what_if_remove("H9", city)
    assert lighthouse.newly_unserved == sorted(f"H{i}" for i in range(11, 22))
    member = analytics.what_if_remove("P4", city)
    assert member.newly_unserved == []
    assert member.newly_without_person == sorted(f"H{i}" for i in range(11, 22))
    assert analytics.what_if_remove("P5", city).newly_unserved == []
    assert analytics.what_if_remove("P2", city).newly_unserved == ["H4"]
    with pytest.raises(KeyError):
        analytics.what_if_remove("nobody", city)
    # the local what-if agrees with recomputing the gap on a copy without the node
    for node in ("H9", "P3", "H1", "P7", "H23"):
        copy = city.copy()
        copy.remove_node(node)
        expected = analytics.unserved_households(copy) - analytics.unserved_households(city)
        assert set(analytics.what_if_remove(node, city).newly_unserved) == expected - {node}
