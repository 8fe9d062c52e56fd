"""Service-network analytics on a projected subgraph (see `projection.project`).

Two undirected views of the projection are used, because they answer different
questions:

* the **care network**: Person and Household nodes joined by ``SERVES`` (from a
  person, or from a lighthouse household; GAPS.md ignores others) and
  ``LIVES_IN``. It is the human chain that reaches a household, so its
  articulation points and bridges are the people and ties whose loss cuts
  households off, and distances in it are "hops to the nearest serving member".
* the **service network**: the care network plus the containment chain
  household -IN_GRID- grid -IN_AREA- community -PART_OF- ... and
  ``Platform -SERVES- grid/area``. Distances in it are "hops to the nearest
  platform" (2 = a platform serves the household's grid, 3 = its community, ...).

>>> import networkx as nx
>>> G = nx.MultiDiGraph()
>>> G.add_node("P1", label="Person"); G.add_node("H1", label="Household", lighthouse=False)
>>> _ = G.add_edge("P1", "H1", type="SERVES")
>>> sorted(unserved_households(G)), what_if_remove("P1", G).newly_unserved
([], ['H1'])
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any, cast

import networkx as nx

from gridnet.queries.gap_rules import MAX_SERVED

__all__ = [
    "LoadBalance",
    "WhatIf",
    "articulation",
    "balance",
    "care_network",
    "gini",
    "load_balance",
    "providers",
    "reach",
    "service_network",
    "serving_persons",
    "tie",
    "unserved_households",
    "what_if_remove",
]


def _label(G: nx.MultiDiGraph[str], node: Any) -> str:
    label: str = G.nodes[node].get("label", "")
    return label


def _is_lighthouse(G: nx.MultiDiGraph[str], node: Any) -> bool:
    return _label(G, node) == "Household" and G.nodes[node].get("lighthouse") is True


def _households(G: nx.MultiDiGraph[str]) -> list[Any]:
    return [n for n, d in G.nodes(data=True) if d.get("label") == "Household"]


def _edges(G: nx.MultiDiGraph[str], rel: str) -> Iterable[tuple[Any, Any]]:
    for u, v, d in G.edges(data=True):
        if d.get("type") == rel:
            yield u, v


def _counts_as_server(G: nx.MultiDiGraph[str], node: Any) -> bool:
    """GAPS.md: SERVES counts from a Person or from a lighthouse Household."""
    return _label(G, node) == "Person" or _is_lighthouse(G, node)


def care_network(G: nx.MultiDiGraph[str]) -> nx.Graph[str]:
    """Undirected Person/Household graph of SERVES (that count) and LIVES_IN ties."""
    C: nx.Graph[str] = nx.Graph()
    for n, d in G.nodes(data=True):
        if d.get("label") in ("Person", "Household"):
            C.add_node(n, **d)
    for u, v in _edges(G, "SERVES"):
        if _label(G, v) == "Household" and _counts_as_server(G, u):
            C.add_edge(u, v, type="SERVES")
    for u, v in _edges(G, "LIVES_IN"):
        C.add_edge(u, v, type="LIVES_IN")
    return C


def service_network(G: nx.MultiDiGraph[str]) -> nx.Graph[str]:
    """The care network plus households' grids, the areas above and serving platforms."""
    S = care_network(G)
    for rel, src, dst in (
        ("IN_GRID", "Household", "Grid"),
        ("IN_AREA", "Grid", "Area"),
        ("PART_OF", "Area", "Area"),
        ("SERVES", "Platform", None),
    ):
        for u, v in _edges(G, rel):
            if _label(G, u) == src and (dst is None or _label(G, v) == dst):
                if dst is None and _label(G, v) not in ("Grid", "Area"):
                    continue
                for n in (u, v):
                    if n not in S:
                        S.add_node(n, **G.nodes[n])
                S.add_edge(u, v, type=rel)
    return S


def servers_of(G: nx.MultiDiGraph[str], household: Any, removed: Any = None) -> set[Any]:
    """Persons and lighthouse households whose SERVES reaches `household`."""
    return {
        u
        for u, _, d in G.in_edges(household, data=True)
        if d.get("type") == "SERVES" and u != removed and _counts_as_server(G, u)
    }


def serving_persons(G: nx.MultiDiGraph[str], household: Any, removed: Any = None) -> set[Any]:
    """GAPS.md serving persons: direct servers, and residents of serving lighthouses."""
    people: set[Any] = set()
    for server in servers_of(G, household, removed):
        if _label(G, server) == "Person":
            people.add(server)
        else:
            people.update(
                u
                for u, _, d in G.in_edges(server, data=True)
                if d.get("type") == "LIVES_IN" and _label(G, u) == "Person" and u != removed
            )
    return people


def unserved_households(G: nx.MultiDiGraph[str]) -> set[Any]:
    """GAPS.md household_unserved computed in Python on the projection."""
    return {h for h in _households(G) if not _is_lighthouse(G, h) and not servers_of(G, h)}


def reach(G: nx.MultiDiGraph[str]) -> dict[Any, dict[str, float | None]]:
    """Per household: hops to the nearest platform (service network) and to the
    nearest serving member (care network); None when there is no path."""
    S = service_network(G)
    platforms = [n for n in S if _label(G, n) == "Platform"]
    to_platform = nx.multi_source_dijkstra_path_length(S, platforms) if platforms else {}
    C = care_network(G)
    members = {p for h in _households(G) for p in serving_persons(G, h)}
    to_member = nx.multi_source_dijkstra_path_length(C, members) if members else {}
    return {
        h: {"platform_hops": to_platform.get(h), "member_hops": to_member.get(h)}
        for h in _households(G)
    }


def _out(G: nx.MultiDiGraph[str], node: Any, rel: str, label: str | None = None) -> list[Any]:
    return [
        v
        for _, v, d in G.out_edges(node, data=True)
        if d.get("type") == rel and (label is None or _label(G, v) == label)
    ]


def _in(G: nx.MultiDiGraph[str], node: Any, rel: str, label: str | None = None) -> list[Any]:
    return [
        u
        for u, _, d in G.in_edges(node, data=True)
        if d.get("type") == rel and (label is None or _label(G, u) == label)
    ]


def _reach_targets(G: nx.MultiDiGraph[str], grid: Any) -> set[Any]:
    """The grid and every area above it (IN_AREA, then PART_OF upwards)."""
    seen: set[Any] = {grid}
    stack = _out(G, grid, "IN_AREA", "Area")
    while stack:
        area = stack.pop()
        if area not in seen:
            seen.add(area)
            stack.extend(_out(G, area, "PART_OF", "Area"))
    return seen


def providers(G: nx.MultiDiGraph[str], grid: Any) -> set[Any]:
    """GAPS.md category_unmet's providers of a grid: platforms that SERVE, and
    organisations that COVER, the grid or an area above it."""
    found: set[Any] = set()
    for target in _reach_targets(G, grid):
        found.update(_in(G, target, "SERVES", "Platform"))
        found.update(_in(G, target, "COVERS", "Organization"))
    return found


def _offered(G: nx.MultiDiGraph[str], sources: Iterable[Any]) -> set[Any]:
    return {c for s in sources for c in _out(G, s, "OFFERS", "ServiceCategory")}


@dataclass
class WhatIf:
    """Households that lose coverage when one node is taken out."""

    removed: Any
    newly_unserved: list[Any]
    """Households that become GAPS.md household_unserved."""
    newly_without_person: list[Any] = field(default_factory=list)
    """Households left with no serving person (they may still have a lighthouse tie)."""
    newly_without_platform: list[Any] = field(default_factory=list)
    """Households whose grid no platform reaches any more (removing a platform)."""
    newly_unmet: list[dict[str, Any]] = field(default_factory=list)
    """Requests whose category nobody reaching their grid offers any more (removing a
    platform or organisation): {request, household, grid, category}."""


def _provider_loss(node_id: Any, G: nx.MultiDiGraph[str]) -> WhatIf:
    """What-if for a platform or organisation: lost platform reach and unmet requests."""
    is_platform = _label(G, node_id) == "Platform"
    without_platform: list[Any] = []
    unmet: list[dict[str, Any]] = []
    for grid in (n for n, d in G.nodes(data=True) if d.get("label") == "Grid"):
        before = providers(G, grid)
        if node_id not in before:
            continue
        after = before - {node_id}
        households = _in(G, grid, "IN_GRID", "Household")
        if is_platform and not any(_label(G, p) == "Platform" for p in after):
            without_platform.extend(households)
        lost = _offered(G, [node_id]) - _offered(G, after)
        for h in households:
            for r in _out(G, h, "RAISED", "ServiceRequest"):
                for c in _out(G, r, "IN_CATEGORY", "ServiceCategory"):
                    if c in lost:
                        unmet.append({"request": r, "household": h, "grid": grid, "category": c})
    unmet.sort(key=lambda row: (str(row["grid"]), str(row["request"]), str(row["category"])))
    return WhatIf(node_id, [], [], sorted(set(without_platform)), unmet)


def what_if_remove(node_id: Any, G: nx.MultiDiGraph[str]) -> WhatIf:
    """Take out one node and list the households that lose coverage.

    A member or lighthouse household: households left unserved or without a serving
    person. Only households the node serves, directly or through the lighthouse it
    lives in, can be affected, so this is local and fast. A platform or organisation:
    households no platform reaches any more and requests whose category nobody
    reaching the grid offers any more (GAPS.md category_unmet, newly)."""
    if node_id not in G:
        raise KeyError(f"{node_id!r} is not in the projected graph")
    if _label(G, node_id) in ("Platform", "Organization"):
        return _provider_loss(node_id, G)
    homes = [v for _, v, d in G.out_edges(node_id, data=True) if d.get("type") == "LIVES_IN"]
    affected = {
        v
        for u in [node_id, *homes]
        for _, v, d in G.out_edges(u, data=True)
        if d.get("type") == "SERVES" and _label(G, v) == "Household"
    }
    affected.discard(node_id)
    newly_unserved, newly_without_person = [], []
    for h in affected:
        if not _is_lighthouse(G, h) and servers_of(G, h) and not servers_of(G, h, removed=node_id):
            newly_unserved.append(h)
        if serving_persons(G, h) and not serving_persons(G, h, removed=node_id):
            newly_without_person.append(h)
    return WhatIf(node_id, sorted(newly_unserved), sorted(newly_without_person))


def articulation(G: nx.MultiDiGraph[str]) -> dict[str, Any]:
    """Articulation points and bridges of the care network.

    Each articulation point that is a person or a lighthouse household is listed
    with the households that would become unserved without it (what-if), worst
    first; bridges are listed as their relationship runs, (server, household) or
    (resident, household) (`tie`).
    """
    C = care_network(G)
    points = []
    for node in nx.articulation_points(C):
        if _label(G, node) == "Person" or _is_lighthouse(G, node):
            lost = what_if_remove(node, G)
            points.append(
                {
                    "id": node,
                    "label": _label(G, node),
                    "households_cut_off": lost.newly_unserved,
                    "households_without_person": lost.newly_without_person,
                }
            )
    points.sort(key=lambda p: (-len(p["households_cut_off"]), str(p["id"])))
    # networkx's stubs type bridges() as yielding nodes; it yields (u, v) edges.
    edges = cast("Iterator[tuple[str, str]]", nx.bridges(C))
    bridges = sorted(tie(u, v, _is_care_tie(G, u, v), _is_care_tie(G, v, u)) for u, v in edges)
    return {"articulation_points": points, "bridges": bridges}


def _is_care_tie(G: nx.MultiDiGraph[str], u: Any, v: Any) -> bool:
    """A care-network relationship u -> v: LIVES_IN, or SERVES that counts."""
    types = {d.get("type") for d in (G.get_edge_data(u, v) or {}).values()}
    counts = "SERVES" in types and _label(G, v) == "Household" and _counts_as_server(G, u)
    return counts or "LIVES_IN" in types


def tie(u: Any, v: Any, forward: bool, backward: bool) -> tuple[Any, Any]:
    """A care tie as its relationship runs, (server, household) or (resident, household);
    a pair tied both ways in id order, so the listing never depends on the traversal.

    >>> tie("H2", "P1", False, True), tie("H2", "H1", True, True)
    (('P1', 'H2'), ('H1', 'H2'))
    """
    if forward != backward:
        return (u, v) if forward else (v, u)
    return (u, v) if str(u) <= str(v) else (v, u)


def gini(values: Sequence[float]) -> float:
    """Gini coefficient: 0 = even load, towards 1 = one server carries everything.

    The mean absolute difference over all ordered pairs, taken from the sorted values
    (sum of (2i - n + 1) x_i) so a city's hundreds of thousands of servers cost a sort,
    not n squared pairs; on integer loads the sum is exact.

    >>> gini([5, 5, 5]), round(gini([0, 0, 9]), 3)
    (0.0, 0.667)
    """
    n = len(values)
    total = sum(values)
    if n == 0 or total == 0:
        return 0.0
    diff = 2 * sum((2 * i - n + 1) * x for i, x in enumerate(sorted(values)))
    return diff / (2 * n * total)


@dataclass
class LoadBalance:
    """Households served per server (person or lighthouse household) and spread."""

    served: dict[Any, int]
    mean: float
    max: int
    max_over_mean: float
    gini: float
    over_capacity: list[Any]


def load_balance(G: nx.MultiDiGraph[str], capacity: int = MAX_SERVED) -> LoadBalance:
    """Load per serving person and per lighthouse household (idle lighthouses count 0)."""
    served: dict[Any, int] = {n: 0 for n in G if _is_lighthouse(G, n)}
    for u, v in _edges(G, "SERVES"):
        if _label(G, v) == "Household" and _counts_as_server(G, u):
            served[u] = served.get(u, 0) + 1
    return balance(served, capacity)


def balance(served: dict[Any, int], capacity: int = MAX_SERVED) -> LoadBalance:
    """The figures of a load per server (shared with the city-wide path)."""
    loads = list(served.values())
    mean = sum(loads) / len(loads) if loads else 0.0
    top = max(loads, default=0)
    return LoadBalance(
        served=dict(sorted(served.items(), key=lambda kv: (-kv[1], str(kv[0])))),
        mean=round(mean, 3),
        max=top,
        max_over_mean=round(top / mean, 3) if mean else 0.0,
        gini=round(gini(loads), 4),
        over_capacity=sorted(n for n, k in served.items() if k > capacity),
    )
