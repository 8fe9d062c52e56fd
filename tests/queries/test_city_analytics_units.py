"""The city-wide computation equals the networkx analytics on random care networks.

No database: a random MultiDiGraph (people, households and lighthouses, grids,
areas, platforms, and random SERVES, LIVES_IN, IN_GRID, IN_AREA, PART_OF ties, self
ties and ties both ways included) is turned into the city-wide path's arrays and
both paths must agree on every figure.
"""

from __future__ import annotations

import networkx as nx
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gridnet.queries import analytics, city_analytics

pytestmark = pytest.mark.unit

_KIND = {
    "Person": city_analytics.PERSON,
    "Household": city_analytics.HOUSEHOLD,
    "Grid": city_analytics.GRID,
    "Area": city_analytics.AREA,
    "Platform": city_analytics.PLATFORM,
}


def _city(G: nx.MultiDiGraph) -> city_analytics.CityGraph:
    """The arrays `read_city` would build for G (every node a member)."""
    keys = sorted(G)
    at = {k: i for i, k in enumerate(keys)}
    label = {k: G.nodes[k]["label"] for k in keys}

    def ties(rel: str, sources: set[str], targets: set[str], counting: bool = False):
        found = {
            (at[u], at[v])
            for u, v, d in G.edges(data=True)
            if d["type"] == rel
            and label[u] in sources
            and label[v] in targets
            and (not counting or label[u] == "Person" or G.nodes[u].get("lighthouse") is True)
        }
        return np.array(sorted(found), dtype=np.int64).reshape(-1, 2)

    return city_analytics.CityGraph(
        keys=keys,
        kind=np.array([_KIND[label[k]] for k in keys], dtype=np.int8),
        lighthouse=np.array(
            [label[k] == "Household" and G.nodes[k].get("lighthouse") is True for k in keys]
        ),
        serves=ties("SERVES", {"Person", "Household"}, {"Household"}, counting=True),
        lives_in=ties("LIVES_IN", {"Person"}, {"Household"}),
        in_grid=ties("IN_GRID", {"Household"}, {"Grid"}),
        in_area=ties("IN_AREA", {"Grid"}, {"Area"}),
        part_of=ties("PART_OF", {"Area"}, {"Area"}),
        platform_serves=ties("SERVES", {"Platform"}, {"Grid", "Area"}),
    )


@st.composite
def cities(draw: st.DrawFn) -> nx.MultiDiGraph:
    G: nx.MultiDiGraph = nx.MultiDiGraph()
    people = [f"P{i}" for i in range(draw(st.integers(0, 6)))]
    homes = [f"H{i}" for i in range(draw(st.integers(1, 9)))]
    grids = [f"G{i}" for i in range(draw(st.integers(1, 3)))]
    areas = [f"A{i}" for i in range(draw(st.integers(1, 3)))]
    platforms = [f"F{i}" for i in range(draw(st.integers(0, 2)))]
    for p in people:
        G.add_node(p, label="Person")
    for h in homes:
        G.add_node(h, label="Household", lighthouse=draw(st.sampled_from([True, False, None])))
    for g in grids:
        G.add_node(g, label="Grid")
    for a in areas:
        G.add_node(a, label="Area")
    for f in platforms:
        G.add_node(f, label="Platform")

    def add(rel: str, sources: list[str], targets: list[str], most: int) -> None:
        if sources and targets:
            pairs = st.tuples(st.sampled_from(sources), st.sampled_from(targets))
            for u, v in draw(st.lists(pairs, max_size=most)):
                G.add_edge(u, v, key=rel, type=rel)

    add("SERVES", people + homes, homes, 16)
    add("LIVES_IN", people, homes, 8)
    add("IN_GRID", homes, grids, 9)
    add("IN_AREA", grids, areas, 3)
    add("PART_OF", areas, areas, 2)
    add("SERVES", platforms, grids + areas, 3)
    return G


@settings(max_examples=300, deadline=None)
@given(cities())
def test_city_computation_equals_networkx(G: nx.MultiDiGraph) -> None:
    fast = city_analytics.compute(_city(G))
    assert fast.unserved == analytics.unserved_households(G)
    assert fast.load == analytics.load_balance(G)
    assert fast.reach == analytics.reach(G)
    assert fast.articulation == analytics.articulation(G)
