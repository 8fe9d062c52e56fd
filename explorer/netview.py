"""The Network page's picture, built the same way by the page and the benchmark.

A single grid is its last mile (rows and gap nodes read from the graph); a whole
community is its own structure with each grid as a summary node, grids opened by
the planner drawn in full (``aggregate``). Readers are cached for the page and
uncached for ``gridnet bench``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from gridnet.explorer import aggregate, data, netpayload
from gridnet.explorer import network_view as nv
from gridnet.queries import gaps

__all__ = ["DEFAULT_MAX_NODES", "View", "build", "community_graph", "grid_graph"]

# The node cap of the page: every grid of the demo city fits at depth 3.
DEFAULT_MAX_NODES = 800


@dataclass
class View:
    """What the page draws: the folded picture and the component's arguments."""

    folded: aggregate.Folded
    args: dict[str, Any]


def _gap_rows(grids: Sequence[str], as_of: dt.date, cached: bool) -> list[dict[str, Any]]:
    if cached:
        return data.gap_nodes(grids, as_of)
    return gaps.gap_nodes(data.database(), grids, as_of, timeout=0)


def grid_graph(
    grids: Sequence[str], depth: int, as_of: dt.date, cached: bool = True
) -> nv.Subgraph:
    """The last mile of `grids` at `depth`, gap nodes marked; nothing is cut."""
    if cached:
        rows = data.lastmile_rows(grids, depth)
    else:
        params = {"grids": list(grids), "depth": depth, "row_limit": data.ROW_LIMIT}
        rows = data.read(data.database(), "lastmile", params, 0)
    sg = nv.subgraph_from_rows(rows)
    nv.mark_gaps(sg, _gap_rows(grids, as_of, cached))
    return sg


def community_graph(
    community: str,
    grids: Sequence[str],
    depth: int,
    as_of: dt.date,
    opened: Iterable[str] = (),
    cached: bool = True,
) -> nv.Subgraph:
    """A community's picture: its structure, grids as summary nodes unless `opened`."""
    if cached:
        structure = data.community_structure(community)
        summaries = data.grid_summaries(grids)
    else:
        database = data.database()
        structure = data.read(database, "community_structure", {"community": community}, 0)
        summaries = data.read(database, "grid_summaries", {"grids": list(grids)}, 0)
    wanted = [g for g in opened if g in set(grids)]
    full = {g: grid_graph([g], depth, as_of, cached) for g in wanted}
    return aggregate.community_graph(structure, summaries, _gap_rows(grids, as_of, cached), full)


def build(
    grids: Sequence[str],
    depth: int,
    as_of: dt.date,
    *,
    view: str,
    community: str | None = None,
    opened: Iterable[str] = (),
    layout: str = "force",
    title: str = "",
    max_nodes: int = DEFAULT_MAX_NODES,
    cached: bool = True,
) -> View:
    """The opening picture of a grid (or, with `community`, of a whole community)."""
    if community is not None:
        sg = community_graph(community, grids, depth, as_of, opened, cached)
    else:
        sg = grid_graph(grids, depth, as_of, cached)
    folded = aggregate.fold_leaves(sg, max_nodes)
    args = netpayload.payload(folded.graph, view=view, layout=layout, title=title)
    return View(folded, args)
