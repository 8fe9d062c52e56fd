"""Project a grid, community, district or the whole city into a networkx MultiDiGraph.

Why: reach, articulation points, load balance and what-if removals are graph
algorithms that are easier to state, test and vary in networkx than in Cypher;
Neo4j only has to hand over the right subgraph, in one read query per scope
(``projection_grid|community|district|city`` in the catalog).

Nodes are keyed by their ``id`` property (ids are unique across labels in
gridnet data) and carry ``label`` (the first label), ``labels`` and every
property; edges carry ``type`` and their properties. Only relationships whose
two ends are both in the subgraph are kept.

>>> G = project(db, grid="G-0001")            # doctest: +SKIP
>>> G.nodes["G-0001"]["label"]           # doctest: +SKIP
'Grid'
"""

from __future__ import annotations

from typing import Any

import networkx as nx

from gridnet.db import Database
from gridnet.queries import catalog

__all__ = ["project", "from_rows"]


def from_rows(rows: list[dict[str, Any]]) -> nx.MultiDiGraph[str]:
    """Build the MultiDiGraph from projection rows (id, element_id, labels, props, out)."""
    graph: nx.MultiDiGraph[str] = nx.MultiDiGraph()
    key_of: dict[str, str] = {}
    for row in rows:
        key = row["id"] if row["id"] is not None else row["element_id"]
        key_of[row["element_id"]] = key
        labels = sorted(row["labels"])
        label = row["labels"][0] if row["labels"] else ""
        graph.add_node(key, label=label, labels=labels, **row["props"])
    for row in rows:
        source = key_of[row["element_id"]]
        for rel in row["out"]:
            target = key_of.get(rel["target"])
            if target is not None:
                graph.add_edge(
                    source, target, key=rel["type"], type=rel["type"], **(rel["props"] or {})
                )
    return graph


def project(
    db: Database,
    grid: str | None = None,
    community: str | None = None,
    district: str | None = None,
    timeout: float | None = None,
) -> nx.MultiDiGraph[str]:
    """The service subgraph of one scope (give at most one id; none = whole city)."""
    given = [
        (name, value)
        for name, value in (("grid", grid), ("community", community), ("district", district))
        if value
    ]
    if len(given) > 1:
        raise ValueError("give at most one of grid, community, district")
    if given:
        name, value = given[0]
        rows = catalog.rows(db, f"projection_{name}", {name: value}, timeout)
    else:
        rows = catalog.rows(db, "projection_city", {}, timeout)
    return from_rows(rows)
