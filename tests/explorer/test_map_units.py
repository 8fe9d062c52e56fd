"""The Map page's layers without a database: outlines, view, ramps, markers, the deck."""

from __future__ import annotations

import json

import pytest

from gridnet.explorer import gridmap, mapgeo
from gridnet.explorer.i18n import use
from gridnet.settings import Settings, SettingsError

pytestmark = pytest.mark.unit


def _square(lon: float, lat: float, d: float = 0.01) -> str:
    return (
        f"POLYGON(({lon} {lat}, {lon + d} {lat}, {lon + d} {lat + d}, {lon} {lat + d}, "
        f"{lon} {lat}))"
    )


GRIDS = [
    {"grid_id": "G-1", "grid": "一网格", "community_id": "C1", "district": "孝南区",
     "boundary": _square(113.90, 30.90), "lat": None, "lon": None},
    {"grid_id": "G-2", "grid": "二网格", "community_id": "C1", "district": "孝南区",
     "boundary": _square(113.91, 30.90), "lat": 30.905, "lon": 113.915},
    {"grid_id": "G-3", "grid": "三网格", "community_id": "C2", "district": "孝南区",
     "boundary": "not a polygon", "lat": None, "lon": None},
]  # fmt: skip
AREAS = [
    {"area_id": "D1", "name": "孝南区", "level": "district", "district": "孝南区",
     "boundary": None, "lat": None, "lon": None},
    {"area_id": "C1", "name": "槐荫社区", "level": "community", "district": "孝南区",
     "boundary": None, "lat": None, "lon": None},
    {"area_id": "C2", "name": "书院社区", "level": "community", "district": "孝南区",
     "boundary": None, "lat": None, "lon": None},
    {"area_id": "V1", "name": "花园村", "level": "village", "district": "孝昌县",
     "boundary": _square(114.0, 31.0, 0.02), "lat": 31.01, "lon": 114.01},
]  # fmt: skip


def test_outlines_come_from_own_boundary_or_the_union_of_grids() -> None:
    found = {o["area_id"]: o for o in mapgeo.outlines(AREAS, GRIDS)}
    # C2's only grid has no usable boundary and C2 none of its own: no outline
    assert set(found) == {"D1", "C1", "V1"}
    c1 = found["C1"]
    # two side-by-side squares merge into one ring around both (no inner edge)
    assert len(c1["paths"]) == 1
    xs = [p[0] for p in c1["paths"][0]]
    assert min(xs) == pytest.approx(113.90) and max(xs) == pytest.approx(113.92)
    assert c1["paths"][0][0] == c1["paths"][0][-1]  # closed
    # the label sits inside the union; an area's own centroid wins
    lon, lat = c1["label_at"]
    assert 113.90 < lon < 113.92 and 30.90 < lat < 30.91
    assert found["V1"]["label_at"] == [114.01, 31.01]
    assert found["D1"]["paths"] == c1["paths"]


def test_view_fits_the_extent_and_pixel_inverts_it() -> None:
    box = mapgeo.bounds([[113.90, 30.90], [113.92, 30.91]])
    assert box == (113.90, 30.90, 113.92, 30.91)
    view = mapgeo.view(box, 1000, 600)
    corners = [mapgeo.pixel(view, x, y, 1000, 600) for x, y in ((113.90, 30.91), (113.92, 30.90))]
    (left, top), (right, bottom) = corners
    # the extent fills one side up to the padding and stays inside the other
    assert 0 < left < right < 1000 and 0 < top < bottom < 600
    assert left == pytest.approx(1000 - right) and top == pytest.approx(600 - bottom)
    assert min(left, top / 600 * 1000) == pytest.approx(0.08 * 1000, rel=0.01) or top == (
        pytest.approx(0.08 * 600, rel=0.01)
    )
    assert mapgeo.bounds([]) is None


@pytest.mark.parametrize(
    ("measure", "best", "worst"),
    [("households_served_pct", 100, 0), ("open_requests", 0, 9), ("severity", "none", "high")],
)
def test_the_worst_grid_is_the_darkest_and_most_opaque(
    measure: str, best: object, worst: object
) -> None:
    lo, hi = (0.0, 9.0) if measure == "open_requests" else (0.0, 100.0)
    pale, dark = gridmap.colour(measure, best, lo, hi), gridmap.colour(measure, worst, lo, hi)
    assert sum(dark[:3]) < sum(pale[:3]) and dark[3] > pale[3]
    assert dark == gridmap._rgba(gridmap.RAMP[-1], gridmap.ALPHA[-1])
    assert gridmap.colour(measure, None, lo, hi)[:3] == gridmap._rgba(gridmap.NO_DATA)[:3]


def test_legend_runs_worst_first_in_the_page_language() -> None:
    with use("zh"):
        assert [t for _c, t in gridmap.legend("severity", 0, 0)] == ["高", "中", "低", "无"]
        served = gridmap.legend("households_served_pct", 0, 100, missing=True)
    assert served[0] == (gridmap.RAMP[-1], "0%–20%") and served[-1][1] == "无数据"
    with use("en"):
        requests = gridmap.legend("open_requests", 0, 10)
    assert requests[0] == (gridmap.RAMP[-1], "8–10") and len(requests) == 5


def _rows() -> list[dict]:
    return [
        {**GRIDS[0], "community": "槐荫社区", "severity": "high", "score": 9, "households": 10,
         "households_served_pct": 0.0, "lighthouse_households": 0, "open_requests": 2,
         "gap_codes": ["household_unserved", "grid_without_branch"], "gap_names": "x"},
        {**GRIDS[1], "community": "槐荫社区", "severity": "none", "score": 0, "households": 5,
         "households_served_pct": 100.0, "lighthouse_households": 1, "open_requests": 0,
         "gap_codes": [], "gap_names": ""},
        {**GRIDS[2], "community": "书院社区", "severity": "low", "score": 1, "households": 0,
         "households_served_pct": None, "lighthouse_households": 0, "open_requests": 0,
         "gap_codes": ["request_overdue"], "gap_names": "y"},
    ]  # fmt: skip


def test_grid_records_carry_fill_rings_and_a_chinese_tooltip() -> None:
    with use("zh"):
        grids, skipped = gridmap.grid_records(_rows(), "households_served_pct")
    assert [g["grid_id"] for g in grids] == ["G-1", "G-2"] and skipped == ["G-3"]
    assert grids[0]["fill"] == gridmap.colour("households_served_pct", 0.0, 0, 100)
    assert len(grids[0]["polygon"]) == 1 and len(grids[0]["polygon"][0]) == 5
    tip = grids[0]["tip"]
    assert tip.startswith("一网格 (G-1)\n") and "缺口严重程度：高" in tip and "联系率 0%" in tip


def test_gap_markers_only_on_grids_with_gaps_worst_last() -> None:
    rows = _rows()
    rows[1]["gap_codes"], rows[1]["severity"] = ["grid_single_point"], "medium"
    with use("zh"):
        gaps = gridmap.gap_records(rows)
    # G-3 has gaps but no place (no boundary, no centroid): no marker
    assert [g["grid_id"] for g in gaps] == ["G-2", "G-1"]
    g1 = gaps[-1]
    assert g1["count"] == "2" and "住户无人联系" in g1["tip"] and "网格无党支部" in g1["tip"]
    x, y = g1["position"]  # inside G-1, up and right of its middle (its name's place)
    assert 113.905 < x < 113.91 and 30.905 < y < 30.91


def test_platforms_outside_the_view_and_lighthouses_outside_the_grids_are_left_out() -> None:
    platforms = [
        {"platform_id": "P-1", "name": "中心", "tier": "main", "lat": 30.905, "lon": 113.905,
         "serves": ["槐荫社区"]},
        {"platform_id": "P-2", "name": "远处", "tier": "main", "lat": 35.0, "lon": 120.0,
         "serves": []},
    ]  # fmt: skip
    with use("zh"):
        kept = gridmap.platform_records(platforms, (113.90, 30.90, 113.92, 30.91))
    assert [p["platform_id"] for p in kept] == ["P-1"]
    assert "主体平台" in kept[0]["tip"] and "服务范围：槐荫社区" in kept[0]["tip"]
    lighthouses = [
        {"grid_id": "G-1", "grid": "一网格", "building": "1栋", "lighthouses": 4,
         "lat": 30.905, "lon": 113.905},
        {"grid_id": "G-9", "grid": "别处", "building": None, "lighthouses": 1,
         "lat": 30.0, "lon": 113.0},
    ]  # fmt: skip
    with use("zh"):
        marks = gridmap.lighthouse_records(lighthouses, ["G-1", "G-2"])
    assert len(marks) == 1 and marks[0]["tip"] == "明灯户：4 户\n1栋 · 一网格"
    assert (
        marks[0]["radius"]
        > gridmap.lighthouse_records([{**lighthouses[0], "lighthouses": 1}], ["G-1"])[0]["radius"]
    )


def _deck_json(**kwargs: object) -> dict:
    """The deck as Streamlit gets it: its JSON, and the tooltip pydeck keeps beside it."""
    rows = _rows()
    grids, _skipped = gridmap.grid_records(rows, "severity")
    view = mapgeo.view((113.90, 30.90, 113.92, 30.91), 1000, 600)
    deck = gridmap.deck(grids, mapgeo.outlines(AREAS, GRIDS), view, **kwargs)  # type: ignore[arg-type]
    return {**json.loads(deck.to_json()), "tooltip": deck._tooltip}


def test_deck_draws_no_basemap_and_labels_in_chinese_by_default() -> None:
    spec = _deck_json()
    # the placeholder Streamlit reads as "no basemap" (no CARTO tiles from outside)
    assert spec["mapStyle"] == "__MAP_STYLE__" and "mapProvider" not in spec
    layers = {layer["id"]: layer for layer in spec["layers"]}
    assert list(layers) == [
        "grids", "community_outlines", "district_outlines", "community_labels", "district_labels",
    ]  # fmt: skip
    assert layers["grids"]["pickable"] is True
    labels = layers["community_labels"]
    # literal values, not accessor expressions: a font the machine has, every glyph used
    assert labels["characterSet"] == "auto" and labels["fontFamily"] == gridmap.FONT
    assert {d["text"] for d in labels["data"]} == {"槐荫社区", "花园村"}
    assert spec["tooltip"]["text"] == "{tip}"
    assert "http" not in json.dumps(spec)


def test_deck_layers_switched_on_and_the_office_basemap() -> None:
    spec = _deck_json(
        gaps=gridmap.gap_records(_rows()),
        platforms=[],
        lighthouses=[],
        tiles_url="http://tiles.office.lan/{z}/{x}/{y}.png",
    )
    ids = [layer["id"] for layer in spec["layers"]]
    for layer in ("gaps", "gap_counts", "platforms", "lighthouses"):
        assert layer in ids
    (style,) = spec["mapStyle"]
    assert style["sources"]["office"]["tiles"] == ["http://tiles.office.lan/{z}/{x}/{y}.png"]
    assert [layer["type"] for layer in style["layers"]] == ["raster"]


def test_picked_reads_the_grid_of_any_clicked_object() -> None:
    assert gridmap.picked({"selection": {"objects": {"grids": [{"grid_id": "G-2"}]}}}) == "G-2"
    assert gridmap.picked({"selection": {"indices": {}, "objects": {}}}) is None
    assert gridmap.picked(None) is None


def test_tiles_url_setting_is_validated_and_off_by_default() -> None:
    assert Settings.from_env({}, dotenv=None).tiles_url is None
    url = "https://map.office.lan/tiles/{z}/{x}/{y}.png"
    assert Settings.from_env({"GRIDNET_TILES_URL": url}, dotenv=None).tiles_url == url
    with pytest.raises(SettingsError, match="GRIDNET_TILES_URL"):
        Settings.from_env({"GRIDNET_TILES_URL": "https://map.office.lan/tiles"}, dotenv=None)
