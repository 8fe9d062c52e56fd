"""选址 Siting: where new service points would bring a category within walking reach.

Why a page: planners read the gap ``category_out_of_reach`` as "these households
cannot walk to elder care"; the next question is where to put the next station.
The page runs `gridnet site` (spopt MCLP / LSCP, queries/siting.py) for one
community and draws it offline (Altair on the grids' own outlines, no tiles):
households coloured by reach, platforms by whether they offer the category, the
proposed sites, and the 5/10/15-minute rings of a platform the planner picks.
A link may preselect them: ``?page=siting&community=C1&category=elder_care&ring=P1``.
"""

from __future__ import annotations

from typing import Any

import pandas as pd
import streamlit as st

from gridnet.explorer import data, mapview, ui
from gridnet.explorer.i18n import _, fmt_int, term

__all__ = ["render"]

REACH_CODES = ("reached", "added", "out")
SITE_COLUMNS = ["site", "kind", "name", "adds", "lat", "lon"]


def _communities() -> dict[str, str]:
    return {r["community_id"]: r["community"] for r in data.hierarchy()}


def _start(options: list[str], param: str) -> int:
    """The option a link asked for (``?page=siting&community=C1&category=elder_care``)."""
    wanted = st.query_params.get(param)
    return options.index(wanted) if wanted in options else 0


def _pick(where: Any, label: str, names: dict[str, str], param: str) -> str:
    """A picker of ids shown as ``name (id)``, preselected by the link's `param`."""
    options = list(names)
    return str(
        where.selectbox(
            label,
            options,
            index=_start(options, param),
            # a category's id is a code (elder_care): its name is what a user reads
            format_func=lambda i: names[i] if param == "category" else f"{names[i]} ({i})",
            key=f"siting_{param}",
        )
    )


def render() -> None:
    st.title(_("Siting"))
    st.caption(
        _(
            "Where new service points would bring the most households within walking"
            " reach (15-minute community life circle, GB 50180-2018)"
        )
    )
    with ui.guard():
        communities = _communities()
        categories = {c["id"]: c["name"] for c in data.service_categories()}
    if not communities or not categories:
        st.info(_("No community or service category in the graph."))
        return
    c1, c2, c3 = st.columns([2, 2, 1])
    community = _pick(c1, _("Community"), communities, "community")
    category = _pick(c2, _("Category"), categories, "category")
    add = int(c3.number_input(_("Sites to add"), 0, 20, 1, key="siting_add"))
    # Today's reach needs no solver: it shows while the solver runs.
    m = st.columns(4)
    with ui.guard():
        now = data.siting_now(category, community)
    m[0].metric(_("Households"), now["total"])
    m[1].metric(_("Reached now"), now["covered_before"])
    with ui.guard(), st.spinner(_("Solving…")):
        result = data.siting(category, community, add)
    found = result["map"]
    m[2].metric(
        _("Reached once added"),
        result["covered_after"],
        delta=result["covered_after"] - result["covered_before"],
    )
    lscp = result["lscp"]
    m[3].metric(_("Fewest sites for all (LSCP)"), lscp["count"])
    st.caption(
        _(
            "Walking {walk:g} m (straight line × {detour:g}) · greedy baseline: {greedy}"
            " · reach unknown: {unknown} · {method}"
        ).format(
            walk=result["walk_m"],
            detour=result["detour"],
            greedy=fmt_int(result["greedy"]["covered_after"]),
            unknown=fmt_int(result["reach_unknown"]),
            method=result["method"],
        )
    )
    sites = result["sites"]
    if sites:
        table = pd.DataFrame(sites, columns=SITE_COLUMNS)
        # a site is a building or an existing platform: its kind in the model's words
        table["kind"] = [term("label", str(k).title()) for k in table["kind"]]
        st.dataframe(
            table,
            column_config=ui.headers(SITE_COLUMNS),
            hide_index=True,
            width="stretch",
            key="siting_sites",
        )
    else:
        st.info(_("No proposed site adds a household."))
    platforms = [
        {
            **p,
            "offers_label": _(mapview.PLATFORM_ORDER[0 if p["offers"] else 1]),
            "category_list": ", ".join(p["categories"]),
        }
        # those offering the category last, drawn over the others at a shared centre
        for p in sorted(found["platforms"], key=lambda p: (p["offers"], p["platform"]))
    ]
    names = {p["platform"]: p["name"] or p["platform"] for p in platforms}
    choice = st.selectbox(
        _("Life-circle rings around a platform"),
        ["", *names],
        index=_start(["", *names], "ring"),
        format_func=lambda p: _("(none)") if not p else f"{names[p]} ({p})",
        key="siting_ring_platform",
    )
    rings = []
    if choice:
        at = next(p for p in platforms if p["platform"] == choice)
        rings = [
            (int(minutes), mapview.ring(at["lat"], at["lon"], metres))
            for minutes, metres in found["rings_m"].items()
        ]
    reach = dict(zip(REACH_CODES, (_(r) for r in mapview.REACH_ORDER), strict=True))
    points = [{**p, "reach_label": reach[p["reach"]]} for p in found["points"]]
    grids = _grids(community)
    if not (grids or points or platforms):
        st.info(_("Nothing in this community has a location to draw."))
        return
    st.altair_chart(
        mapview.siting_chart(grids, points, platforms, sites, rings),
        width="stretch",
        key="siting_map",
    )


def _grids(community: str) -> list[dict[str, Any]]:
    """The community's grid outlines (those with a usable boundary)."""
    with ui.guard(stop=False):
        rows = [r for r in data.grid_shapes() if r.get("community_id") == community]
        return mapview.features(rows)[0]
    return []
