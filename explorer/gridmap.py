"""The Map page's picture: grids, outlines, labels and markers as deck.gl layers.

Why deck.gl through ``st.pydeck_chart``: Streamlit ships deck.gl in its own frontend
bundle, so the map pans, zooms, shows tooltips and reports a click on a grid
(``on_select="rerun"``) with nothing fetched from a CDN. Two of its defaults would
reach outside the machine and are turned off here: a deck without a map style gets
Streamlit's CARTO basemap, so the deck is built with ``map_provider=None`` (pydeck then
sends the ``__MAP_STYLE__`` placeholder, which tells Streamlit to draw no basemap); and
a text layer's default font atlas covers Latin letters only, so labels ask for
``characterSet: "auto"`` and a font the machine has (Noto Sans CJK), drawn by the
browser. The office's own tile server (``GRIDNET_TILES_URL``) is the one basemap: a
raster style handed to the map as a style object, never a style URL.

Colours follow one rule: the worse a grid is, the darker and more opaque its red; a
good grid is pale and lets the outlines and markers show. Texts a user reads
(tooltips, legend) are in the page's language (`gridnet.explorer.i18n`); tooltips are
plain text that deck.gl shows as text, so names from the data never become markup.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import pydeck as pdk
from shapely.geometry import Point

from gridnet.explorer import mapgeo
from gridnet.explorer.i18n import N_, _, fmt_int, fmt_num, term

__all__ = [
    "FONT",
    "LAYERS",
    "MARKED",
    "MEASURES",
    "NO_DATA",
    "RAMP",
    "SEVERITY_CLASS",
    "TOOLTIP",
    "Measure",
    "Written",
    "basemap_style",
    "centre",
    "colour",
    "community_records",
    "deck",
    "domain",
    "gap_records",
    "grid_records",
    "klass",
    "label_records",
    "legend",
    "lighthouse_records",
    "outline_records",
    "picked",
    "platform_records",
]

# Pale to dark red (ColorBrewer OrRd): class 4 is the worst grid, drawn the most opaque.
RAMP = ["#fef0d9", "#fdcc8a", "#fc8d59", "#e34a33", "#b30000"]
ALPHA = [120, 160, 190, 215, 235]
NO_DATA = "#d1d5db"
SEVERITY_CLASS = {"none": 0, "low": 1, "medium": 3, "high": 4}
PLATFORM_COLOUR = "#4c1d95"
LIGHTHOUSE_COLOUR = "#1d4ed8"
OUTLINE_COLOUR = {"district": "#111827", "community": "#374151"}
FONT = "Noto Sans CJK SC, Noto Sans SC, WenQuanYi Zen Hei, Microsoft YaHei, sans-serif"

# Layers a user switches on and off (the grids, outlines and labels are always drawn).
LAYERS = {
    "platforms": N_("Platforms"),
    "lighthouses": N_("Lighthouse households (per building)"),
    "gaps": N_("Gap markers"),
}


@dataclass(frozen=True)
class Measure:
    """A figure the grids are coloured by: which end is worse, and a fixed scale if any."""

    label: str
    worse: str  # "high" or "low"
    domain: tuple[float, float] | None = None
    percent: bool = False


MEASURES: dict[str, Measure] = {
    "severity": Measure(N_("gap severity"), "high"),
    "score": Measure(N_("gap score"), "high"),
    "households_served_pct": Measure(N_("households served %"), "low", (0.0, 100.0), True),
    "lighthouse_households": Measure(N_("lighthouse households"), "low"),
    "households": Measure(N_("households"), "high"),
    "open_requests": Measure(N_("open requests"), "high"),
}


def _rgba(hex_colour: str, alpha: int = 255) -> list[int]:
    """``#rrggbb`` as deck.gl's [r, g, b, a].

    >>> _rgba("#b30000", 200)
    [179, 0, 0, 200]
    """
    return [int(hex_colour[i : i + 2], 16) for i in (1, 3, 5)] + [alpha]


def domain(measure: str, rows: Iterable[Mapping[str, Any]]) -> tuple[float, float]:
    """The scale of `measure`: its fixed one, else the range of the grids drawn.

    >>> domain("households", [{"households": 5}, {"households": 40}, {"households": None}])
    (5.0, 40.0)
    """
    fixed = MEASURES[measure].domain
    if fixed is not None:
        return fixed
    values = [float(r[measure]) for r in rows if isinstance(r.get(measure), int | float)]
    return (min(values), max(values)) if values else (0.0, 0.0)


def klass(measure: str, value: Any, lo: float, hi: float) -> int | None:
    """The class of `value`, 0 (best) to 4 (worst); None when there is no value.

    >>> klass("households_served_pct", 0, 0, 100), klass("households_served_pct", 100, 0, 100)
    (4, 0)
    >>> klass("severity", "high", 0, 0), klass("open_requests", 7, 0, 7)
    (4, 4)
    """
    if measure == "severity":
        return SEVERITY_CLASS.get(str(value))
    if not isinstance(value, int | float) or isinstance(value, bool):
        return None
    share = 0.0 if hi <= lo else (float(value) - lo) / (hi - lo)
    share = min(1.0, max(0.0, share))
    if MEASURES[measure].worse == "low":
        share = 1.0 - share
    return min(len(RAMP) - 1, int(share * len(RAMP)))


def colour(measure: str, value: Any, lo: float, hi: float) -> list[int]:
    """The fill of a grid: the ramp's colour and opacity of its class, grey for no value."""
    k = klass(measure, value, lo, hi)
    return _rgba(NO_DATA, 110) if k is None else _rgba(RAMP[k], ALPHA[k])


def _value_text(measure: str, value: float) -> str:
    return fmt_num(value, 1) + ("%" if MEASURES[measure].percent else "")


def legend(measure: str, lo: float, hi: float, missing: bool = False) -> list[tuple[str, str]]:
    """The legend of `measure` as (colour, words), worst first; grey for "no data" when
    some grid has no value (`missing`).

    >>> from gridnet.explorer.i18n import use
    >>> with use("en"):
    ...     legend("households_served_pct", 0, 100)[0]
    ('#b30000', '0%–20%')
    """
    if measure == "severity":
        items = [
            (RAMP[k], term("severity", code))
            for code, k in sorted(SEVERITY_CLASS.items(), key=lambda kv: -kv[1])
        ]
        return items
    steps = len(RAMP)
    out = []
    for k in reversed(range(steps)):
        share = (k / steps, (k + 1) / steps)
        if MEASURES[measure].worse == "low":
            share = (1 - share[1], 1 - share[0])
        a, b = (lo + s * (hi - lo) for s in share)
        out.append((RAMP[k], f"{_value_text(measure, a)}–{_value_text(measure, b)}"))
    if hi <= lo:
        out = [(RAMP[0], _value_text(measure, lo))]
    return [*out, (NO_DATA, _("no data"))] if missing else out


def _lines(*lines: str) -> str:
    return "\n".join(line for line in lines if line)


def grid_records(
    rows: Sequence[Mapping[str, Any]], measure: str
) -> tuple[list[dict[str, Any]], list[str]]:
    """One record per polygon of each grid (fill, outline rings, tooltip) and the ids of
    grids left out for want of a usable boundary."""
    lo, hi = domain(measure, rows)
    out: list[dict[str, Any]] = []
    skipped: list[str] = []
    for row in rows:
        geom = mapgeo.geometry(row.get("boundary"))
        if geom is None:
            skipped.append(str(row.get("grid_id")))
            continue
        served = row.get("households_served_pct")
        tip = _lines(
            f"{row.get('grid') or row['grid_id']} ({row['grid_id']})",
            _("Community: {community} · {district}").format(
                community=row.get("community") or "–", district=term("group", row.get("district"))
            ),
            _("Gap severity: {severity} · score {score}").format(
                severity=term("severity", row.get("severity") or "none"),
                score=fmt_num(row.get("score") or 0, 1),
            ),
            _("Households: {households} · served {served}").format(
                households=fmt_int(row.get("households") or 0),
                served="–" if served is None else f"{fmt_num(served, 1)}%",
            ),
            _("Lighthouse households: {lighthouses} · open requests: {open}").format(
                lighthouses=fmt_int(row.get("lighthouse_households") or 0),
                open=fmt_int(row.get("open_requests") or 0),
            ),
            _("Gaps: {gaps}").format(gaps=row["gap_names"]) if row.get("gap_names") else "",
        )
        fill = colour(measure, row.get(measure), lo, hi)
        for rings in mapgeo.polygons(geom):
            out.append(
                {
                    "grid_id": row["grid_id"],
                    "grid": row.get("grid"),
                    "polygon": rings,
                    "fill": fill,
                    "tip": tip,
                }
            )
    return out, skipped


def _badness(measure: str, row: Mapping[str, Any], lo: float, hi: float) -> tuple[int, float]:
    """How bad a grid is on `measure`: its class, then its value (the score for severity)."""
    k = klass(measure, row.get(measure), lo, hi)
    value = row.get("score" if measure == "severity" else measure)
    raw = float(value) if isinstance(value, int | float) else 0.0
    return (-1 if k is None else k, raw if MEASURES[measure].worse == "high" else -raw)


def community_records(
    outlines: Iterable[Mapping[str, Any]], rows: Sequence[Mapping[str, Any]], measure: str
) -> list[dict[str, Any]]:
    """One record per ring of each community or village, filled like its worst grid.

    Why: a province's view holds tens of thousands of grids (25,344 polygons took the
    map 22.7 s to draw), more than a reader can tell apart at that zoom; the Map page
    draws its communities instead until a district is chosen. A community is as far
    behind as its worst grid, and the ramp shows the worst the most, so each takes its
    worst grid's colour; that grid's id is the record's ``grid_id``, so a click opens it.

    >>> rows = [{"grid_id": "G1", "community_id": "C1", "severity": "low", "score": 1},
    ...         {"grid_id": "G2", "community_id": "C1", "severity": "high", "score": 9,
    ...          "gap_codes": ["grid_without_branch"]}]
    >>> outline = {"area_id": "C1", "name": "东门社区", "level": "community",
    ...            "district": "孝南区", "paths": [[[0, 0], [1, 0], [1, 1], [0, 0]]]}
    >>> [(r["grid_id"], r["fill"] == colour("severity", "high", 0, 0))
    ...  for r in community_records([outline], rows, "severity")]
    [('G2', True)]
    """
    lo, hi = domain(measure, rows)
    by_community: dict[str, list[Mapping[str, Any]]] = {}
    for row in rows:
        by_community.setdefault(str(row.get("community_id")), []).append(row)
    out = []
    for o in outlines:
        grids = by_community.get(str(o["area_id"]))
        if o["level"] not in ("community", "village") or not grids:
            continue
        worst = max(grids, key=lambda r: _badness(measure, r, lo, hi))
        value = worst.get(measure)
        shown = (
            term("severity", value or "none")
            if measure == "severity"
            else "–"
            if not isinstance(value, int | float)
            else _value_text(measure, float(value))
        )
        marked = sum(1 for r in grids if r.get("severity") in MARKED)
        tip = _lines(
            _("Community: {community} · {district}").format(
                community=o["name"], district=term("group", o.get("district"))
            ),
            _("Grids: {n} · with medium or high gaps: {marked}").format(
                n=fmt_int(len(grids)), marked=fmt_int(marked)
            ),
            _("Worst grid: {grid} ({grid_id}) · {value}").format(
                grid=worst.get("grid") or worst["grid_id"], grid_id=worst["grid_id"], value=shown
            ),
        )
        fill = colour(measure, value, lo, hi)
        for ring in o["paths"]:
            out.append(
                {
                    "grid_id": worst["grid_id"],
                    "grid": worst.get("grid"),
                    "polygon": [ring],
                    "fill": fill,
                    "tip": tip,
                }
            )
    return out


def centre(row: Mapping[str, Any]) -> list[float] | None:
    """A grid's centroid from the graph, else a point inside its boundary."""
    if row.get("lat") is not None and row.get("lon") is not None:
        return [float(row["lon"]), float(row["lat"])]
    geom = mapgeo.geometry(row.get("boundary"))
    if geom is None:
        return None
    point = geom.representative_point()
    return [float(point.x), float(point.y)]


def _corner(row: Mapping[str, Any]) -> list[float] | None:
    """A point in the upper right of a grid, inside it: where its gap marker goes, clear
    of its name at the centre."""
    geom = mapgeo.geometry(row.get("boundary"))
    at = centre(row)
    if geom is None or at is None:
        return at
    x0, y0, x1, y1 = geom.bounds
    lon, lat = at[0] + 0.55 * (x1 - at[0]), at[1] + 0.55 * (y1 - at[1])
    return [lon, lat] if geom.contains(Point(lon, lat)) else at


MARKED = ("medium", "high")  # severities that get a gap marker


def gap_records(rows: Iterable[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """A marker on each grid whose gaps are of medium or high severity: how many, ringed
    in the severity's colour, worst drawn last (low-severity gaps stay in the tooltip, so
    the markers point at the grids to act on first)."""
    out = []
    for row in rows:
        codes = list(row.get("gap_codes") or [])
        at = _corner(row)
        if not codes or at is None or row.get("severity") not in MARKED:
            continue
        k = SEVERITY_CLASS.get(str(row.get("severity")), 0)
        out.append(
            {
                "grid_id": row["grid_id"],
                "position": at,
                "count": str(len(codes)),
                "line": _rgba(RAMP[max(k, 2)]),
                "order": k,
                "tip": _lines(
                    _("{grid}: {n} gap(s), severity {severity}").format(
                        grid=row.get("grid") or row["grid_id"],
                        n=len(codes),
                        severity=term("severity", row.get("severity") or "none"),
                    ),
                    *(f"· {term('gap', code)}" for code in codes),
                ),
            }
        )
    return sorted(out, key=lambda r: r["order"])


def platform_records(
    platforms: Iterable[Mapping[str, Any]], box: mapgeo.Bounds | None
) -> list[dict[str, Any]]:
    """Platforms inside `box` (the grids drawn, with a margin) with their tooltip."""
    out = []
    for p in platforms:
        lon, lat = float(p["lon"]), float(p["lat"])
        if box is not None:
            x0, y0, x1, y1 = box
            mx, my = (x1 - x0) * 0.1, (y1 - y0) * 0.1
            if not (x0 - mx <= lon <= x1 + mx and y0 - my <= lat <= y1 + my):
                continue
        serves = list(p.get("serves") or [])
        out.append(
            {
                "platform_id": p["platform_id"],
                "position": [lon, lat],
                "tip": _lines(
                    f"{p.get('name') or p['platform_id']} ({p['platform_id']})",
                    _("Platform · {tier}").format(tier=term("platform_tier", p.get("tier"))),
                    _("Serves: {areas}").format(areas="、".join(map(str, serves[:6])))
                    if serves
                    else "",
                ),
            }
        )
    return out


def lighthouse_records(
    rows: Iterable[Mapping[str, Any]], grid_ids: Iterable[str]
) -> list[dict[str, Any]]:
    """Lighthouse households per building (or per grid) in the grids drawn: a count and a
    place, never one household."""
    keep = set(grid_ids)
    out = []
    for r in rows:
        if r["grid_id"] not in keep or r.get("lat") is None or r.get("lon") is None:
            continue
        n = int(r["lighthouses"])
        where = r.get("building") or r.get("grid") or r["grid_id"]
        out.append(
            {
                "grid_id": r["grid_id"],
                "position": [float(r["lon"]), float(r["lat"])],
                "radius": round(25 + 20 * math.sqrt(n), 1),
                "tip": _lines(
                    _("Lighthouse households: {n}").format(n=fmt_int(n)),
                    f"{where} · {r.get('grid') or r['grid_id']}",
                ),
            }
        )
    return out


def outline_records(outlines: Iterable[Mapping[str, Any]], level: str) -> list[dict[str, Any]]:
    """The rings of the outlines of one level (``district``, or communities and villages)."""
    wanted = {"district"} if level == "district" else {"community", "village"}
    return [
        {"area_id": o["area_id"], "path": ring}
        for o in outlines
        if o["level"] in wanted
        for ring in o["paths"]
    ]


def label_records(outlines: Iterable[Mapping[str, Any]], level: str) -> list[dict[str, Any]]:
    """Names at the outlines' label points, for one level."""
    wanted = {"district"} if level == "district" else {"community", "village"}
    return [
        {"text": str(o["name"]), "position": o["label_at"]}
        for o in outlines
        if o["level"] in wanted
    ]


def _text_layer(layer_id: str, data: list[dict[str, Any]], **style: Any) -> pdk.Layer:
    # Quoted strings stay strings: pydeck would otherwise read them as accessor expressions.
    base: dict[str, Any] = {
        "get_position": "position",
        "get_text": "text",
        "character_set": "'auto'",
        "font_family": f"'{FONT}'",
        "font_settings": {"sdf": True},
        "outline_width": 4,
        "outline_color": [255, 255, 255, 230],
        "get_text_anchor": "'middle'",
        "get_alignment_baseline": "'center'",
    }
    return pdk.Layer("TextLayer", data=data, id=layer_id, **{**base, **style})


def _dots(
    layer_id: str,
    data: list[dict[str, Any]],
    radius: str | float,
    min_pixels: float,
    max_pixels: float,
    fill: list[int],
) -> pdk.Layer:
    """Pickable round markers with a white rim, `radius` metres (a number or a field)."""
    return pdk.Layer(
        "ScatterplotLayer",
        data=data,
        id=layer_id,
        get_position="position",
        get_radius=radius,
        radius_min_pixels=min_pixels,
        radius_max_pixels=max_pixels,
        get_fill_color=fill,
        get_line_color=[255, 255, 255, 255],
        stroked=True,
        line_width_min_pixels=1.5,
        pickable=True,
    )


def basemap_style(tiles_url: str) -> dict[str, Any]:
    """A raster map style on the office's tile server (no glyphs, no sprites: nothing
    else to fetch)."""
    return {
        "version": 8,
        "sources": {"office": {"type": "raster", "tiles": [tiles_url], "tileSize": 256}},
        "layers": [{"id": "office", "type": "raster", "source": "office"}],
    }


TOOLTIP = {
    "text": "{tip}",
    "style": {"whiteSpace": "pre-line", "fontSize": "13px", "maxWidth": "300px"},
}


class Written(pdk.Deck):  # type: ignore[misc]  # pydeck has no type hints
    """A deck already written as JSON (`deck(...).to_json()`): drawn without writing it
    again.

    Why: the Map page keeps the written deck of each view in its cache, so a run that
    only picks a grid does not build and write 5,172 polygons again (3.5 s a run at 1M
    households). `st.pydeck_chart` reads a deck's JSON, tooltip and layers only.

    >>> Written('{"layers": []}').to_json()
    '{"layers": []}'
    """

    def __init__(self, text: str) -> None:
        super().__init__(layers=[], map_provider=None, tooltip=TOOLTIP)
        self.text = text

    def to_json(self) -> str:
        return self.text


def deck(
    grids: list[dict[str, Any]],
    outlines: list[dict[str, Any]],
    view: Mapping[str, float],
    *,
    gaps: list[dict[str, Any]] | None = None,
    platforms: list[dict[str, Any]] | None = None,
    lighthouses: list[dict[str, Any]] | None = None,
    grid_labels: list[dict[str, Any]] | None = None,
    community_labels: bool = True,
    tiles_url: str | None = None,
) -> pdk.Deck:
    """The map: grids coloured, outlines, the layers switched on, labels on top
    (communities' names unless `community_labels` is False).

    Every layer has an id (Streamlit's selection needs one); grids, gap markers,
    lighthouse markers and platforms are pickable and carry a ``tip``.
    """
    layers = [
        pdk.Layer(
            "PolygonLayer",
            data=grids,
            id="grids",
            get_polygon="polygon",
            get_fill_color="fill",
            get_line_color=[255, 255, 255, 200],
            line_width_min_pixels=1,
            pickable=True,
            auto_highlight=True,
            highlight_color=[17, 24, 39, 70],  # darker, not another hue: the ramp stays legible
        ),
        pdk.Layer(
            "PathLayer",
            data=outline_records(outlines, "community"),
            id="community_outlines",
            get_path="path",
            get_color=_rgba(OUTLINE_COLOUR["community"], 200),
            width_min_pixels=1.5,
        ),
        pdk.Layer(
            "PathLayer",
            data=outline_records(outlines, "district"),
            id="district_outlines",
            get_path="path",
            get_color=_rgba(OUTLINE_COLOUR["district"]),
            width_min_pixels=3,
        ),
    ]
    if lighthouses is not None:
        layers.append(_dots("lighthouses", lighthouses, "radius", 3, 16, _rgba(LIGHTHOUSE_COLOUR)))
    if platforms is not None:
        layers.append(_dots("platforms", platforms, 30, 2.5, 10, _rgba(PLATFORM_COLOUR, 230)))
    if gaps is not None:
        layers += [
            pdk.Layer(
                "ScatterplotLayer",
                data=gaps,
                id="gaps",
                get_position="position",
                radius_units="'pixels'",
                get_radius=9,
                get_fill_color=[255, 255, 255, 235],
                get_line_color="line",
                stroked=True,
                line_width_units="'pixels'",
                get_line_width=2.5,
                pickable=True,
            ),
            _text_layer(
                "gap_counts",
                [{"text": g["count"], "position": g["position"]} for g in gaps],
                get_size=12,
                get_color=[127, 0, 0, 255],
                outline_width=0,
            ),
        ]
    if grid_labels:
        layers.append(
            _text_layer(
                "grid_labels",
                grid_labels,
                get_size=70,
                size_units="'meters'",
                size_max_pixels=13,
                get_color=[55, 65, 81, 255],
            )
        )
    if community_labels:
        layers.append(
            _text_layer(
                "community_labels",
                label_records(outlines, "community"),
                get_size=14,
                get_color=[17, 24, 39, 255],
            )
        )
    layers += [
        _text_layer(
            "district_labels",
            label_records(outlines, "district"),
            get_size=20,
            get_color=[76, 29, 149, 255],
        ),
    ]
    result = pdk.Deck(
        layers=layers,
        initial_view_state=pdk.ViewState(**view),
        map_provider=None,
        tooltip=TOOLTIP,
    )
    if tiles_url:
        # A list, not a dict: pydeck takes a dict only for Mapbox, and Streamlit's map
        # uses a list's first style as it is.
        result.map_style = [basemap_style(tiles_url)]
    return result


def picked(event: Any) -> str | None:
    """The grid of the object clicked on the map, if any (Streamlit's selection state).

    >>> picked({"selection": {"objects": {"gaps": [{"grid_id": "G-0004"}]}}})
    'G-0004'
    >>> picked({"selection": {"objects": {"platforms": [{"platform_id": "P-1"}]}}}) is None
    True
    """
    try:
        objects = event["selection"]["objects"]
    except (KeyError, TypeError):
        return None
    for found in (objects or {}).values():
        for obj in found or []:
            if isinstance(obj, Mapping) and obj.get("grid_id"):
                return str(obj["grid_id"])
    return None
