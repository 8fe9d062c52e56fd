"""Map: grids drawn from their own boundaries, coloured by gap severity or a coverage measure."""

from __future__ import annotations

from typing import Any

import pandas as pd
import streamlit as st

from gridnet.explorer import data, mapview, nav, ui
from gridnet.explorer.i18n import N_, _, term

MEASURES = {
    "severity": N_("gap severity"),
    "score": N_("gap score"),
    "households_served_pct": N_("households served %"),
    "lighthouse_households": N_("lighthouse households"),
    "households": N_("households"),
    "open_requests": N_("open requests"),
}
TOOLTIP = [
    "grid_id",
    "grid",
    "community",
    "district",
    "severity",
    "score:Q",
    "households:Q",
    "lighthouse_households:Q",
    "households_served_pct:Q",
    "open_requests:Q",
    "gaps",
]


def _rows(shapes: list[dict[str, Any]], report: list[dict[str, Any]]) -> list[dict[str, Any]]:
    by_grid = {r["grid_id"]: r for r in report}
    out = []
    for s in shapes:
        r = by_grid.get(s["grid_id"], {})
        served = s.get("households_served") or 0
        total = s.get("households") or 0
        out.append(
            {
                **s,
                "severity": r.get("severity", "none"),
                "score": r.get("score", 0),
                "gaps": ", ".join(r.get("gaps") or []),
                "households_served_pct": round(100 * served / total, 1) if total else None,
            }
        )
    return out


def render() -> None:
    st.title(_("Map"))
    as_of = ui.as_of()
    with ui.guard(), st.spinner(_("Drawing grids…")):
        rows = _rows(data.grid_shapes(), data.gap_report(as_of))
    if not rows:
        st.info(_("No grids in the graph"))
        return
    c1, c2 = st.columns(2)
    measure = c1.selectbox(_("Colour by"), list(MEASURES), format_func=lambda k: _(MEASURES[k]))
    districts = ["(all)"] + sorted({r["district"] for r in rows})
    district = c2.selectbox(_("District"), districts, format_func=lambda d: term("group", d))
    if district != "(all)":
        rows = [r for r in rows if r["district"] == district]
    feats, skipped = mapview.features(rows)
    if skipped:
        st.warning(
            _("{n} grid(s) have no usable boundary and are not drawn: ").format(n=len(skipped))
            + ", ".join(skipped[:10])
        )
    if not feats:
        st.info(_("No grid has a boundary to draw"))
        return
    chart = mapview.map_chart(
        feats, measure, TOOLTIP, categorical=measure == "severity", title=_(MEASURES[measure])
    )
    event = st.altair_chart(chart, width="stretch", on_select="rerun", key="grid_map")
    picked = _picked(event)
    ids = [f["properties"]["grid_id"] for f in feats]
    names = {f["properties"]["grid_id"]: f["properties"]["grid"] for f in feats}
    grid = st.selectbox(
        _("Grid (click the map or pick here)"),
        ids,
        index=ids.index(picked) if picked in ids else 0,
        format_func=lambda g: f"{names[g]} ({g})",
    )
    row = next(r for r in rows if r["grid_id"] == grid)
    st.dataframe(
        pd.DataFrame([{k: v for k, v in row.items() if k != "boundary"}]),
        hide_index=True,
        width="stretch",
    )
    nav.link(
        "network", _("Open the network view of {grid}").format(grid=row["grid"]), {"grid": grid}
    )


def _picked(event: object) -> str | None:
    """The grid id clicked on the map, if any (Streamlit's selection event)."""
    try:
        points = event["selection"]["grid"]  # type: ignore[index]
    except (KeyError, TypeError):
        return None
    for point in points or []:
        if isinstance(point, dict) and point.get("grid_id"):
            return str(point["grid_id"])
    return None
