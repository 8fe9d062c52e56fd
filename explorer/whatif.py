"""Rows for the What-if page from the query layer's analytics and recommender results.

Why this module is thin: the analysis has one implementation, tested in
``gridnet.queries.analytics`` (``what_if_remove`` on a projection) and
``gridnet.queries.recommend``. The page only needs to know what can be removed,
to name the households behind a result and to lay a recommendation out as
tables; those are plain functions here so they are tested without Streamlit.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import networkx as nx

from gridnet.explorer.i18n import N_, _
from gridnet.queries import analytics
from gridnet.queries.recommend import Recommendation

__all__ = [
    "KINDS",
    "coverage_rows",
    "household_rows",
    "lost",
    "pick_rows",
    "removable",
    "request_rows",
]

KINDS = {
    "Person": N_("person"),
    "Household": N_("lighthouse household"),
    "Platform": N_("platform"),
}


def _label(G: nx.MultiDiGraph[str], node: Any) -> str:
    return str(G.nodes[node].get("label", ""))


def _name(G: nx.MultiDiGraph[str], node: Any) -> str:
    return str(G.nodes[node].get("name") or node)


def _grid_of(G: nx.MultiDiGraph[str], household: Any) -> Any:
    return next(
        (
            v
            for _, v, d in G.out_edges(household, data=True)
            if d.get("type") == "IN_GRID" and _label(G, v) == "Grid"
        ),
        None,
    )


def _in_scope(G: nx.MultiDiGraph[str], household: Any, grids: set[Any] | None) -> bool:
    return grids is None or _grid_of(G, household) in grids


def removable(G: nx.MultiDiGraph[str], grids: Iterable[Any] | None = None) -> list[dict[str, Any]]:
    """People who serve, lighthouse households and platforms of the projection, busiest first.

    ``load`` is how many households the node reaches: served directly or through the
    lighthouse a person lives in; for a platform, the households of the grids it serves.
    `grids` limits lighthouses and platforms to those touching these grids.
    """
    scope = set(grids) if grids is not None else None
    served = analytics.load_balance(G).served
    rows: list[dict[str, Any]] = []
    for node, d in G.nodes(data=True):
        label = d.get("label")
        if label == "Person":
            homes = [
                v
                for _, v, e in G.out_edges(node, data=True)
                if e.get("type") == "LIVES_IN" and G.nodes[v].get("lighthouse") is True
            ]
            if node not in served and not homes:
                continue
            load = served.get(node, 0) + sum(served.get(h, 0) for h in homes)
        elif label == "Household" and d.get("lighthouse") is True:
            if not _in_scope(G, node, scope):
                continue
            load = served.get(node, 0)
        elif label == "Platform":
            grids_reached = [
                g
                for g, gd in G.nodes(data=True)
                if gd.get("label") == "Grid"
                and (scope is None or g in scope)
                and node in analytics.providers(G, g)
            ]
            if not grids_reached:
                continue
            load = sum(
                1
                for g in grids_reached
                for u, _, e in G.in_edges(g, data=True)
                if e.get("type") == "IN_GRID" and _label(G, u) == "Household"
            )
        else:
            continue
        rows.append({"label": label, "id": node, "name": _name(G, node), "load": load})
    rows.sort(key=lambda r: (r["label"], -r["load"], str(r["id"])))
    return rows


def household_rows(G: nx.MultiDiGraph[str], households: Iterable[Any]) -> list[dict[str, Any]]:
    """One row per household: id, name, grid and whether it is vulnerable."""
    rows = []
    for h in households:
        grid = _grid_of(G, h)
        rows.append(
            {
                "household_id": h,
                "household_name": _name(G, h),
                "grid_id": grid,
                "grid_name": _name(G, grid) if grid is not None else None,
                "vulnerable": bool(G.nodes[h].get("vulnerable", False)),
            }
        )
    return sorted(rows, key=lambda r: (str(r["grid_id"]), str(r["household_id"])))


def request_rows(G: nx.MultiDiGraph[str], unmet: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """`WhatIf.newly_unmet` with names: which request, whose, where, in what category."""
    return [
        {
            "request_id": r["request"],
            "status": G.nodes[r["request"]].get("status"),
            "household_id": r["household"],
            "grid_id": r["grid"],
            "grid_name": _name(G, r["grid"]),
            "category_id": r["category"],
            "category": _name(G, r["category"]),
        }
        for r in unmet
    ]


def lost(G: nx.MultiDiGraph[str], node_id: Any) -> dict[str, list[dict[str, Any]]]:
    """Everything `analytics.what_if_remove` says is lost without `node_id`, as tables."""
    result = analytics.what_if_remove(node_id, G)
    return {
        "unserved": household_rows(G, result.newly_unserved),
        "without_person": household_rows(
            G, sorted(set(result.newly_without_person) - set(result.newly_unserved))
        ),
        "without_platform": household_rows(G, result.newly_without_platform),
        "unmet": request_rows(G, result.newly_unmet),
    }


def coverage_rows(rec: Recommendation) -> list[dict[str, Any]]:
    """Before and after the picks: households, served, unserved, coverage in percent."""
    rows = []
    for when, cov in ((_("before"), rec.before), (_("after"), rec.after)):
        total, unserved = int(cov["households"]), int(cov["unserved"])
        rows.append(
            {
                "when": when,
                "households": total,
                "served": total - unserved,
                "unserved": unserved,
                "coverage %": round(100 * float(cov["coverage"]), 1),
            }
        )
    return rows


def pick_rows(rec: Recommendation) -> list[dict[str, Any]]:
    """One row per pick: which household, new or spare capacity, whom it covers."""
    return [
        {
            "household_id": p.household_id,
            "kind": _("new lighthouse") if p.kind == "new" else _("spare room"),
            "grid_id": p.grid_id,
            "building_id": p.building_id,
            "party_members": ", ".join(map(str, p.members)),
            "covers": len(p.covers),
            "households": ", ".join(map(str, p.covers)),
        }
        for p in rec.picks
    ]
