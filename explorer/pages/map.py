"""Map: grids coloured by gap severity or a coverage figure, inside the outlines of their
communities and districts, with platforms, lighthouse households and gap markers; a
click on a grid opens its detail and the link to its network."""

from __future__ import annotations

from typing import Any

import streamlit as st

from gridnet.explorer import data, gridmap, mapgeo, nav, ui
from gridnet.explorer.i18n import _, term
from gridnet.explorer.safe import esc

HEIGHT = 680
WIDTH_GUESS = 1000  # px: the map stretches; the opening zoom fits this width
GRID_LABELS_UP_TO = 80  # grid names are drawn when no more grids than this are shown
DEFAULT_LAYERS = ("platforms", "gaps")
DETAIL = [
    "grid_id",
    "grid",
    "community",
    "district",
    "severity",
    "score",
    "households",
    "households_served_pct",
    "lighthouse_households",
    "open_requests",
    "gaps",
]


def _rows(shapes: list[dict[str, Any]], report: list[dict[str, Any]]) -> list[dict[str, Any]]:
    by_grid = {r["grid_id"]: r for r in report}
    out = []
    for s in shapes:
        r = by_grid.get(s["grid_id"], {})
        served = s.get("households_served") or 0
        total = s.get("households") or 0
        codes = list(r.get("gaps") or [])
        out.append(
            {
                **s,
                "severity": r.get("severity", "none"),
                "score": r.get("score", 0),
                "gap_codes": codes,
                "gap_names": "、".join(term("gap", c) for c in codes),
                "households_served_pct": round(100 * served / total, 1) if total else None,
            }
        )
    return out


def _layer_switches(tiles: bool) -> dict[str, bool]:
    """Checkboxes for the optional layers (and the office basemap when one is configured)."""
    names = list(gridmap.LAYERS) + (["basemap"] if tiles else [])
    columns = st.columns(len(names))
    shown = {}
    for column, name in zip(columns, names, strict=True):
        label = _("Basemap") if name == "basemap" else _(gridmap.LAYERS[name])
        shown[name] = column.checkbox(
            label, value=name in DEFAULT_LAYERS or name == "basemap", key=f"map_layer_{name}"
        )
    return shown


def _legend(measure: str, lo: float, hi: float, missing: bool, shown: dict[str, bool]) -> None:
    """Swatches of the ramp (worst first) and of the markers shown, as escaped HTML."""

    def swatch(colour: str, text: str, round_: bool = False) -> str:
        shape = "border-radius:50%;" if round_ else ""
        return (
            f'<span style="display:inline-block;width:12px;height:12px;{shape}'
            f"background:{colour};border:1px solid #9ca3af;margin:0 4px 0 12px;"
            f'vertical-align:middle"></span>{esc(text)}'
        )

    items = [swatch(c, t) for c, t in gridmap.legend(measure, lo, hi, missing)]
    if shown.get("platforms"):
        items.append(swatch(gridmap.PLATFORM_COLOUR, _("Platform"), True))
    if shown.get("lighthouses"):
        items.append(swatch(gridmap.LIGHTHOUSE_COLOUR, _("Lighthouse households"), True))
    if shown.get("gaps"):
        items.append(
            swatch("#ffffff", _("Gap marker: number of gaps (medium or high severity)"), True)
        )
    st.markdown(
        f"<div>{esc(_(gridmap.MEASURES[measure].label))}：{''.join(items)}</div>",
        unsafe_allow_html=True,
    )


def render() -> None:
    st.title(_("Map"))
    as_of = ui.as_of()
    with ui.guard(), st.spinner(_("Drawing grids…")):
        rows = _rows(data.grid_shapes(), data.gap_report(as_of))
        areas = data.area_shapes()
        tiles_url = data.settings().tiles_url
    if not rows:
        st.info(_("No grids in the graph"))
        return
    c1, c2 = st.columns(2)
    measure = c1.selectbox(
        _("Colour by"), list(gridmap.MEASURES), format_func=lambda k: _(gridmap.MEASURES[k].label)
    )
    districts = ["(all)"] + sorted({r["district"] for r in rows})
    district = c2.selectbox(_("District"), districts, format_func=lambda d: term("group", d))
    if district != "(all)":
        rows = [r for r in rows if r["district"] == district]
        areas = [a for a in areas if a["district"] == district]
    shown = _layer_switches(bool(tiles_url))
    grids, skipped = gridmap.grid_records(rows, measure)
    if skipped:
        st.warning(
            _("{n} grid(s) have no usable boundary and are not drawn: ").format(n=len(skipped))
            + ", ".join(skipped[:10])
        )
    if not grids:
        st.info(_("No grid has a boundary to draw"))
        return
    box = mapgeo.bounds(pt for g in grids for ring in g["polygon"] for pt in ring)
    assert box is not None  # grids were drawn
    view = mapgeo.view(box, WIDTH_GUESS, HEIGHT)
    drawn = {g["grid_id"] for g in grids}
    with ui.guard():
        platforms = (
            gridmap.platform_records(data.map_platforms(), box) if shown["platforms"] else None
        )
        lighthouses = (
            gridmap.lighthouse_records(data.map_lighthouses(), drawn)
            if shown["lighthouses"]
            else None
        )
    deck = gridmap.deck(
        grids,
        mapgeo.outlines(areas, rows),
        view,
        gaps=gridmap.gap_records(r for r in rows if r["grid_id"] in drawn)
        if shown["gaps"]
        else None,
        platforms=platforms,
        lighthouses=lighthouses,
        grid_labels=[
            {"text": str(r.get("grid") or r["grid_id"]), "position": c}
            for r in rows
            if r["grid_id"] in drawn and (c := gridmap.centre(r)) is not None
        ]
        if len(drawn) <= GRID_LABELS_UP_TO
        else None,
        tiles_url=tiles_url if shown.get("basemap") else None,
    )
    event = st.pydeck_chart(
        deck,
        on_select="rerun",
        selection_mode="single-object",
        key="grid_map",
        height=HEIGHT,
        alt=_("Map of the grids"),
    )
    missing = any(gridmap.klass(measure, r.get(measure), 0, 1) is None for r in rows)
    _legend(measure, *gridmap.domain(measure, rows), missing, shown)
    st.caption(_("Drag to pan, scroll to zoom; hover for figures, click a grid for its detail."))
    picked = gridmap.picked(event)
    ids = [r["grid_id"] for r in rows if r["grid_id"] in drawn]
    names = {r["grid_id"]: r.get("grid") or r["grid_id"] for r in rows}
    grid = st.selectbox(
        _("Grid (click the map or pick here)"),
        ids,
        index=ids.index(picked) if picked in ids else 0,
        format_func=lambda g: f"{names[g]} ({g})",
    )
    row = next(r for r in rows if r["grid_id"] == grid)
    detail = {k: row.get(k) for k in DETAIL}
    detail["severity"] = term("severity", row.get("severity"))
    detail["gaps"] = row["gap_names"]
    ui.table([detail], key="map_grid_detail")
    nav.link(
        "network", _("Open the network view of {grid}").format(grid=names[grid]), {"grid": grid}
    )
