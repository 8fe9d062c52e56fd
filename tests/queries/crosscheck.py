"""Independent gap computation: plain Python over a networkx projection of the graph.

It shares no Cypher with the gap queries: the projection exports nodes and
relationships generically and every GAPS.md definition is re-implemented here.
"""

from __future__ import annotations

import datetime as dt
import math
from typing import Any

import networkx as nx

from gridnet.queries import analytics

ORG_TYPES = ("autonomous", "mass", "social", "mutual_aid")
# GAPS.md category_out_of_reach: walking metres of each category's life circle.
CIRCLE_M = {
    **dict.fromkeys(("elder_care", "child_care", "repairs", "sanitation"), 300.0),
    **dict.fromkeys(("dispute", "disability"), 500.0),
}


def _walk(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Straight-line metres on Neo4j's WGS84 sphere (6,378,140 m) times the detour 1.3."""
    la1, la2 = math.radians(a[0]), math.radians(b[0])
    h = (
        math.sin((la2 - la1) / 2) ** 2
        + math.cos(la1) * math.cos(la2) * math.sin(math.radians(b[1] - a[1]) / 2) ** 2
    )
    return 2 * 6_378_140.0 * math.asin(math.sqrt(h)) * 1.3


def _label(G, n) -> str:
    return G.nodes[n].get("label", "")


def _in(G, n, rel, label=None):
    return [
        u
        for u, _, d in G.in_edges(n, data=True)
        if d["type"] == rel and (label is None or _label(G, u) == label)
    ]


def _out(G, n, rel, label=None):
    return [
        v
        for _, v, d in G.out_edges(n, data=True)
        if d["type"] == rel and (label is None or _label(G, v) == label)
    ]


def _nodes(G, label):
    return [n for n, d in G.nodes(data=True) if d.get("label") == label]


def compute(G: nx.MultiDiGraph, as_of: dt.date, max_served: int = 10) -> dict[str, set]:
    """Every gap code's keys, as the gap queries return them."""
    grids = _nodes(G, "Grid")
    hh_in = {g: _in(G, g, "IN_GRID", "Household") for g in grids}
    light = {h for h in _nodes(G, "Household") if G.nodes[h].get("lighthouse") is True}
    out: dict[str, Any] = {}
    out["grid_without_branch"] = {
        g
        for g in grids
        if not any(
            G.nodes[o].get("kind") == "grid_party_branch"
            for o in _in(G, g, "COVERS", "Organization")
        )
    }
    out["building_without_group"] = {
        b
        for b in _nodes(G, "Building")
        if not any(
            G.nodes[o].get("kind") == "building_party_group"
            for o in _in(G, b, "COVERS", "Organization")
        )
    }
    out["grid_without_lighthouse"] = {g for g in grids if not set(hh_in[g]) & light}
    out["household_unserved"] = analytics.unserved_households(G)
    out["lighthouse_overloaded"] = {
        h for h in light if len(set(_out(G, h, "SERVES", "Household"))) > max_served
    }
    out["request_overdue"] = {
        r
        for r in _nodes(G, "ServiceRequest")
        if G.nodes[r].get("status") != "closed"
        and G.nodes[r].get("deadline") is not None
        and G.nodes[r]["deadline"] < as_of
    }
    part_of = nx.DiGraph(
        [
            (u, v)
            for u, v, d in G.edges(data=True)
            if d["type"] == "PART_OF" and _label(G, u) == "Area"
        ]
    )
    unmet, out_of_reach = set(), set()
    for g in grids:
        reach = {g}
        for c in _out(G, g, "IN_AREA", "Area"):
            reach.add(c)
            if c in part_of:
                reach |= nx.descendants(part_of, c)
        offered = set()
        for t in reach:
            for p in _in(G, t, "SERVES", "Platform"):
                offered |= set(_out(G, p, "OFFERS", "ServiceCategory"))
            for o in _in(G, t, "COVERS", "Organization"):
                offered |= set(_out(G, o, "OFFERS", "ServiceCategory"))
        requested = {
            cat
            for h in hh_in[g]
            for r in _out(G, h, "RAISED", "ServiceRequest")
            for cat in _out(G, r, "IN_CATEGORY", "ServiceCategory")
        }
        unmet |= {(g, cat) for cat in requested - offered}
        spots: dict[Any, list[tuple[float, float]]] = {}
        for t in reach:
            for p in _in(G, t, "SERVES", "Platform"):
                if G.nodes[p].get("lat") is None:
                    continue
                for cat in _out(G, p, "OFFERS", "ServiceCategory"):
                    spots.setdefault(cat, []).append((G.nodes[p]["lat"], G.nodes[p]["lon"]))
        for h in hh_in[g]:
            at = None
            if G.nodes[h].get("lat") is not None:
                at = (G.nodes[h]["lat"], G.nodes[h]["lon"])
            for b in _out(G, h, "IN_BUILDING", "Building"):
                if at is None and G.nodes[b].get("lat") is not None:
                    at = (G.nodes[b]["lat"], G.nodes[b]["lon"])
            if at is None:
                continue
            for cat, places in spots.items():
                if min(_walk(at, s) for s in places) > CIRCLE_M.get(cat, 1000.0):
                    out_of_reach.add((g, cat))
    out["category_unmet"] = unmet
    out["category_out_of_reach"] = out_of_reach
    funds, single = set(), set()
    for g in grids:
        people = set()
        served = 0
        for h in hh_in[g]:
            persons = analytics.serving_persons(G, h)
            people |= persons
            served += bool(persons)
        if served and len(people) == 1:
            single.add(g)
        funded = any(
            G.nodes[f]["year"] <= as_of.year  # GAPS.md: funding of as_of's year or before
            for c in _out(G, g, "IN_AREA", "Area")
            for f in _in(G, c, "ALLOCATED_TO", "Funding")
        )
        if (
            funded
            and not _in(G, g, "IN_GRID", "Activity")
            and not set(hh_in[g]) & light
            and not people
            and not _in(G, g, "SERVES", "Platform")
        ):
            funds.add(g)
    out["funds_without_roots"] = funds
    out["grid_single_point"] = single
    missing = set()
    for c in _nodes(G, "Area"):
        if G.nodes[c].get("level") not in ("community", "village"):
            continue
        covered = set(_in(G, c, "COVERS", "Organization"))
        for g in _in(G, c, "IN_AREA", "Grid"):
            covered |= set(_in(G, g, "COVERS", "Organization"))
        types = {G.nodes[o].get("type") for o in covered if G.nodes[o].get("system") == "x"}
        lacking = tuple(sorted(t for t in ORG_TYPES if t not in types))
        if lacking:
            missing.add((c, lacking))
    out["community_missing_org_types"] = missing
    return out
