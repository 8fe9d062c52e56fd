"""The Network page's picture of some grids, built the same way by the page and the benchmark.

Rows of the last mile and the gap nodes are read (cached for the page, uncached
for ``gridnet bench``), turned into a subgraph, capped, and laid out as the
component's arguments.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from gridnet.explorer import data, netpayload
from gridnet.explorer import network_view as nv

__all__ = ["View", "base_graph", "build"]


@dataclass
class View:
    """What the page draws: the capped graph and the component's arguments."""

    capped: nv.Capped
    args: dict[str, Any]


def base_graph(
    grids: Sequence[str],
    depth: int,
    as_of: dt.date,
    max_nodes: int = nv.DEFAULT_MAX_NODES,
    cached: bool = True,
) -> nv.Capped:
    """The last mile of `grids` at `depth`, gap nodes marked, capped at `max_nodes`."""
    if cached:
        rows = data.lastmile_rows(grids, depth)
        gap_rows = data.gap_nodes(grids, as_of)
    else:
        rows = data.read(
            "lastmile", {"grids": list(grids), "depth": depth, "row_limit": data.ROW_LIMIT}, 0
        )
        gap_rows = data.read(
            "gap_nodes",
            {
                "grids": list(grids),
                "as_of": as_of.isoformat(),
                "max_served": data.DEFAULT_MAX_SERVED,
            },
            0,
        )
    return nv.build_view(rows, gap_rows, grids, max_nodes)


def build(
    grids: Sequence[str],
    depth: int,
    as_of: dt.date,
    *,
    view: str,
    layout: str = "force",
    title: str = "",
    max_nodes: int = nv.DEFAULT_MAX_NODES,
    cached: bool = True,
) -> View:
    """The base picture of `grids` as the component draws it."""
    capped = base_graph(grids, depth, as_of, max_nodes, cached)
    args = netpayload.payload(capped.graph, view=view, layout=layout, title=title)
    return View(capped, args)
