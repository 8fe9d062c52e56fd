"""Map: grids coloured by gap severity or a coverage figure, inside the outlines of their
communities and districts, with platforms, lighthouse households and gap markers; a
click on a grid opens its detail and the link to its network."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import streamlit as st

from gridnet.explorer import data, gridmap, i18n, mapgeo, nav, ui
from gridnet.explorer.i18n import _, fmt_int, term
from gridnet.explorer.safe import esc

ALL = "(all)"
HEIGHT = 680
WIDTH_GUESS = 1000  # px: the map stretches; the opening zoom fits this width
GRID_LABELS_UP_TO = 80  # grid names are drawn when no more grids than this are shown
# Above this many grids in view, communities are drawn instead (`gridmap.community_records`)
GRID_POLYGONS_UP_TO = 3000
COMMUNITY_LABELS_UP_TO = 400  # more names than this overlap into a blur
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


def _layers(tiles: bool) -> dict[str, bool]:
    """The optional layers (and the office basemap when one is configured): shown at first?"""
    names = list(gridmap.LAYERS) + (["basemap"] if tiles else [])
    return {name: name in DEFAULT_LAYERS or name == "basemap" for name in names}


def _layer_switches(tiles: bool) -> dict[str, bool]:
    """Checkboxes for the optional layers."""
    layers = _layers(tiles)
    shown = {}
    for column, (name, first) in zip(st.columns(len(layers)), layers.items(), strict=True):
        label = _("Basemap") if name == "basemap" else _(gridmap.LAYERS[name])
        shown[name] = column.checkbox(label, value=first, key=f"map_layer_{name}")
    return shown


def first_view(day: dt.date) -> None:
    """Draw the view a first visit opens (Chinese, the whole city, the first measure, the
    default layers) into the cache: the explorer's warm-up calls it as the server starts
    (writing 5,172 grids took 3.5 s)."""
    tiles = data.settings().tiles_url or ""
    shown = tuple(name for name, on in _layers(bool(tiles)).items() if on)
    _picture(i18n.DEFAULT, day, next(iter(gridmap.MEASURES)), ALL, shown, tiles)


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


@dataclass(frozen=True)
class _Picture:
    """One view of the map, drawn: what the page shows around the picture, and the deck
    written as JSON (`gridmap.Written`)."""

    rows: list[dict[str, Any]]  # the view's grids with their report figures
    skipped: list[str]  # grids without a usable boundary
    drawn: list[str]  # the grids in the picture, in the rows' order
    deck: str | None  # None when no grid has a boundary
    domain: tuple[float, float]
    missing: bool  # some grid has no value of the measure
    by_community: bool = False  # communities drawn, each as its worst grid


@st.cache_data(ttl=data.TTL, max_entries=16, show_spinner=False)
def _picture(
    lang: str, as_of: dt.date, measure: str, district: str, shown: tuple[str, ...], tiles: str
) -> _Picture:
    """The view of `district` coloured by `measure`, with the layers `shown`.

    Why cached: building the layers and writing them as JSON took 3.5 s of each run at
    5,172 grids, and a run that only picks a grid or opens a tooltip changes none of
    it. `lang` is in the key because tooltips and labels are in the page's language;
    the readers' entries expire with these (`data.TTL`), and the sidebar's refresh
    clears both.
    """
    rows = _rows(data.grid_shapes(), data.gap_report(as_of))
    areas = data.area_shapes()
    if district != ALL:
        rows = [r for r in rows if r["district"] == district]
        areas = [a for a in areas if a["district"] == district]
    outlines = mapgeo.outlines(areas, rows)
    by_community = len(rows) > GRID_POLYGONS_UP_TO
    skipped: list[str] = []
    if by_community:
        grids = gridmap.community_records(outlines, rows, measure)
    else:
        grids, skipped = gridmap.grid_records(rows, measure)
    missing = any(gridmap.klass(measure, r.get(measure), 0, 1) is None for r in rows)
    domain = gridmap.domain(measure, rows)
    if not grids:
        return _Picture(rows, skipped, [], None, domain, missing, by_community)
    box = mapgeo.bounds(pt for g in grids for ring in g["polygon"] for pt in ring)
    assert box is not None  # grids were drawn
    drawn = {g["grid_id"] for g in grids}
    # A dot per platform, grid or building: a district's view only (a province has 68,727
    # platforms, 19 MB of the picture's 34 MB).
    markers = not by_community
    deck = gridmap.deck(
        grids,
        outlines,
        mapgeo.view(box, WIDTH_GUESS, HEIGHT),
        gaps=gridmap.gap_records(r for r in rows if r["grid_id"] in drawn)
        if "gaps" in shown and markers
        else None,
        platforms=gridmap.platform_records(data.map_platforms(), box)
        if "platforms" in shown and markers
        else None,
        lighthouses=gridmap.lighthouse_records(data.map_lighthouses(), drawn)
        if "lighthouses" in shown and markers
        else None,
        grid_labels=[
            {"text": str(r.get("grid") or r["grid_id"]), "position": c}
            for r in rows
            if r["grid_id"] in drawn and (c := gridmap.centre(r)) is not None
        ]
        if len(drawn) <= GRID_LABELS_UP_TO
        else None,
        community_labels=sum(o["level"] != "district" for o in outlines) <= COMMUNITY_LABELS_UP_TO,
        tiles_url=tiles or None,
    )
    ids = [r["grid_id"] for r in rows if r["grid_id"] in drawn]
    return _Picture(rows, skipped, ids, deck.to_json(), domain, missing, by_community)


def render() -> None:
    st.title(_("Map"))
    as_of = ui.as_of()
    with ui.guard():
        districts = sorted({str(s["district"]) for s in data.grid_shapes()})
        tiles_url = data.settings().tiles_url
    if not districts:
        st.info(_("No grids in the graph"))
        return
    c1, c2 = st.columns(2)
    measure = c1.selectbox(
        _("Colour by"), list(gridmap.MEASURES), format_func=lambda k: _(gridmap.MEASURES[k].label)
    )
    district = c2.selectbox(
        _("District"), [ALL, *districts], format_func=lambda d: term("group", d)
    )
    switches = _layer_switches(bool(tiles_url))
    shown = tuple(name for name, on in switches.items() if on)
    tiles = tiles_url if tiles_url and switches.get("basemap") else ""
    with ui.guard(), st.spinner(_("Drawing grids…")):
        picture = _picture(i18n.current(), as_of, measure, district, shown, tiles)
    if picture.skipped:
        st.warning(
            _("{n} grid(s) have no usable boundary and are not drawn: ").format(
                n=len(picture.skipped)
            )
            + ", ".join(picture.skipped[:10])
        )
    if picture.deck is None:
        st.info(_("No grid has a boundary to draw"))
        return
    event = st.pydeck_chart(
        gridmap.Written(picture.deck),
        on_select="rerun",
        selection_mode="single-object",
        key="grid_map",
        height=HEIGHT,
        alt=_("Map of the grids"),
    )
    markers = {k: on and not picture.by_community for k, on in switches.items()}
    _legend(measure, *picture.domain, picture.missing, markers)
    if picture.by_community:
        st.caption(
            _(
                "{n} grids in view: each community takes the colour of its worst grid, and "
                "a click opens that grid. Choose a district to see its grids, platforms, "
                "gap markers and lighthouse households."
            ).format(n=fmt_int(len(picture.rows)))
        )
    st.caption(_("Drag to pan, scroll to zoom; hover for figures, click a grid for its detail."))
    picked = gridmap.picked(event)
    ids = picture.drawn
    rows = {r["grid_id"]: r for r in picture.rows}
    grid = st.selectbox(
        _("Grid (click the map or pick here)"),
        ids,
        index=ids.index(picked) if picked in ids else 0,
        format_func=lambda g: f"{rows[g].get('grid') or g} ({g})",
    )
    row = rows[grid]
    detail = {k: row.get(k) for k in DETAIL}
    detail["severity"] = term("severity", row.get("severity"))
    detail["gaps"] = row["gap_names"]
    ui.table([detail], key="map_grid_detail")
    nav.link(
        "network",
        _("Open the network view of {grid}").format(grid=row.get("grid") or grid),
        {"grid": grid},
    )
