"""Unit tests of the rendering modules: escaping, offline HTML, node cap, legend, WKT, figures."""

from __future__ import annotations

import json
import re

import networkx as nx
import pytest

from gridnet.explorer import figures, i18n, mapview, safe, whatif
from gridnet.explorer import network_view as nv
from gridnet.queries.recommend import Pick, Recommendation

pytestmark = pytest.mark.unit

XSS = "<img src=x onerror=alert(1)>"


# ------------------------------------------------------------------------------ safe


def test_esc_turns_markup_into_text() -> None:
    assert safe.esc(XSS) == "&lt;img src=x onerror=alert(1)&gt;"
    assert safe.esc("\"q\" & 's'") == "&quot;q&quot; &amp; &#x27;s&#x27;"
    assert safe.esc(None) == ""


def test_strip_external_resources_removes_cdn_scripts_links_and_imports() -> None:
    page = (
        '<link rel="stylesheet" href="https://cdn.example/x.css" />'
        '<script src="https://cdn.example/x.js"></script>'
        '<script src="//cdn.example/y.js"></script>'
        "<style>@import url('https://fonts.example/f.css');</style>"
        "<script>var ok = 1;</script>"
    )
    assert safe.external_resources(page)
    clean = safe.strip_external_resources(page)
    assert safe.external_resources(clean) == []
    assert "var ok = 1" in clean


# ---------------------------------------------------------------------- network view


def _row(src: tuple[str, dict], type_: str | None, dst: tuple[str, dict] | None) -> dict:
    return {
        "source": {"label": src[0], "props": src[1]},
        "type": type_,
        "target": None if dst is None else {"label": dst[0], "props": dst[1]},
    }


GRID = ("Grid", {"id": "G-1", "name": "槐荫一网格"})
BRANCH = (
    "Organization",
    {
        "id": "O-1",
        "name": "一网格党支部",
        "kind": "grid_party_branch",
        "type": "party",
        "system": "core",
    },
)


def _city(households: int) -> nv.Subgraph:
    rows = [_row(GRID, None, None), _row(BRANCH, "COVERS", GRID)]
    lh = ("Household", {"id": "H-L", "name": "王建国", "lighthouse": True})
    rows.append(_row(lh, "IN_GRID", GRID))
    for i in range(households):
        h = ("Household", {"id": f"H-{i:03d}", "name": f"住户{i}", "lighthouse": False})
        rows.append(_row(h, "IN_GRID", GRID))
        rows.append(_row(lh, "SERVES", h))
    return nv.subgraph_from_rows(rows)


def test_subgraph_dedupes_nodes_and_edges_and_keeps_isolated_source() -> None:
    rows = [_row(GRID, None, None), _row(BRANCH, "COVERS", GRID), _row(BRANCH, "COVERS", GRID)]
    sg = nv.subgraph_from_rows(rows)
    assert set(sg.nodes) == {"Grid:G-1", "Organization:O-1"}
    assert len(sg.edges) == 1


@pytest.mark.parametrize(
    ("label", "props", "kind"),
    [
        ("Organization", {"kind": "grid_party_branch"}, "grid_party_branch"),
        ("Organization", {"kind": "building_party_group"}, "building_party_group"),
        ("Organization", {"kind": "community_party_committee"}, "party_committee"),
        ("Organization", {"kind": "volunteer_association", "system": "x"}, "x_org"),
        ("Household", {"lighthouse": True}, "lighthouse"),
        ("Household", {"lighthouse": False}, "household"),
        ("Platform", {}, "Platform"),
        ("Funding", {}, "Funding"),
        ("Activity", {}, "Activity"),
        ("NoSuchLabel", {}, "other"),
    ],
)
def test_kind_of(label: str, props: dict, kind: str) -> None:
    assert nv.kind_of(label, props) == kind


def test_mark_gaps_only_marks_nodes_in_view() -> None:
    sg = _city(3)
    n = nv.mark_gaps(
        sg,
        [
            {"label": "Household", "id": "H-001", "gap": "household_unserved"},
            {"label": "Household", "id": "H-999", "gap": "household_unserved"},
        ],
    )
    assert n == 1
    assert sg.nodes["Household:H-001"].gaps == ["household_unserved"]


def test_cap_keeps_structure_and_gaps_first_and_says_so() -> None:
    sg = _city(50)
    nv.mark_gaps(sg, [{"label": "Household", "id": "H-049", "gap": "household_unserved"}])
    capped = nv.cap_nodes(sg, 10, focus=["Grid:G-1"])
    assert capped.cut and capped.shown_nodes == 10 and capped.total_nodes == 53
    kept = set(capped.graph.nodes)
    assert {"Grid:G-1", "Organization:O-1", "Household:H-L", "Household:H-049"} <= kept
    assert all(e.source in kept and e.target in kept for e in capped.graph.edges)
    with i18n.use("en"):
        assert "10 of 53" in capped.message()
    # What was cut is named per kind: no kind disappears without a word.
    assert capped.left_out == {"household": (7, 50)}
    with i18n.use("en"):
        assert "household 7 of 50" in capped.message()
    with i18n.use("zh"):
        assert "住户 7/50" in capped.message() and "10 / 53" in capped.message()
    assert not nv.cap_nodes(sg, 1000).cut


def test_render_html_is_offline_and_escapes_user_data() -> None:
    rows = [
        _row(GRID, None, None),
        _row(
            ("Household", {"id": "H-X", "name": XSS + " href", "lighthouse": False}),
            "IN_GRID",
            GRID,
        ),
    ]
    sg = nv.subgraph_from_rows(rows)
    nv.mark_gaps(sg, [{"label": "Household", "id": "H-X", "gap": "household_unserved"}])
    page = nv.render_html(sg)
    # No resource may come from the network: no http(s) or protocol-relative src/href/url().
    assert not re.search(r"""(?:src|href)\s*=\s*["']?\s*(?:https?:)?//""", page, re.I)
    assert not re.search(r"""url\(\s*["']?(?:https?:)?//""", page, re.I)
    assert "cdn.jsdelivr" not in page and "cdnjs" not in page
    assert "vis.Network" in page and "new vis.DataSet" in page  # vis-network is inlined
    # The name reaches the page only as JSON-escaped text, never as markup.
    assert "<img src=x" not in page
    assert "\\u003cimg src=x onerror=alert(1)\\u003e" in page
    # Titles are assigned as text even on pyvis's "href" popup path.
    assert "innerHTML = nodeData[0].title" not in page


def test_render_html_tooltips_carry_properties_and_gaps() -> None:
    sg = _city(1)
    nv.mark_gaps(sg, [{"label": "Household", "id": "H-000", "gap": "household_unserved"}])
    with i18n.use("zh"):
        page = nv.render_html(sg)
    nodes = json.loads(re.search(r"nodes = new vis.DataSet\((\[.*?\])\);", page, re.S).group(1))
    by_id = {n["id"]: n for n in nodes}
    title = by_id["Household:H-000"]["title"]
    assert title.startswith("住户: 住户0") and "缺口: 住户无人联系" in title
    assert by_id["Household:H-000"]["borderWidth"] == 4  # gap ring
    assert by_id["Grid:G-1"]["shape"] == "star"


def test_legend_lists_kinds_escaped() -> None:
    with i18n.use("zh"):
        legend = nv.legend_html({"Grid", "lighthouse"})
    assert 'data-kind="Grid"' in legend and 'data-kind="lighthouse"' in legend
    assert 'data-kind="Platform"' not in legend
    assert "明灯户" in legend and 'data-kind="gap"' in legend
    assert "<script" not in nv.legend_html()


def test_table_rows_list_what_is_shown() -> None:
    sg = _city(2)
    nv.mark_gaps(sg, [{"label": "Household", "id": "H-001", "gap": "household_unserved"}])
    rows = nv.table_rows(sg)
    assert len(rows) == len(sg.nodes)
    assert rows[0]["id"] == "H-001"  # gap rows first
    assert {r["id"]: r["links"] for r in rows}["H-L"] == 3


def test_subgraph_from_result_draws_relationships_between_their_real_ends() -> None:
    a = {"_labels": ["Grid"], "_element_id": "4:x:1", "id": "G-1", "name": "一网格"}
    b = {"_labels": ["Area"], "_element_id": "4:x:2", "id": "C-1", "name": "社区"}
    c = {"_labels": ["Grid"], "_element_id": "4:x:3", "id": "G-2", "name": "二网格"}
    r = {"_type": "IN_AREA", "_element_id": "5:x:9", "_start": "4:x:1", "_end": "4:x:2"}
    back = {"_type": "IN_AREA", "_element_id": "5:x:8", "_start": "4:x:3", "_end": "4:x:2"}
    # columns in any order: the ends come from _start/_end, not from the neighbours
    sg = nv.subgraph_from_result([[r, b, a]])
    assert sg.edges == [nv.GEdge("Grid:G-1", "Area:C-1", "IN_AREA")]
    # a path traversed against a relationship's direction keeps the direction
    sg = nv.subgraph_from_result([[[a, r, b, back, c]]])
    assert set(sg.edges) == {
        nv.GEdge("Grid:G-1", "Area:C-1", "IN_AREA"),
        nv.GEdge("Grid:G-2", "Area:C-1", "IN_AREA"),
    }
    # RETURN r alone: unnamed ends keyed by element id; a node elsewhere takes its place
    sg = nv.subgraph_from_result([[r], [{"row": [a]}]])
    assert set(sg.nodes) == {"Grid:G-1", "?:4:x:2"}
    assert sg.nodes["?:4:x:2"].name == "#2" and sg.nodes["?:4:x:2"].kind == "other"
    # lists of nodes are not paths; ends-less relationships are not guessed
    sg = nv.subgraph_from_result([[[a, c]], [a, {"_type": "IN_AREA"}, b]])
    assert sg.edges == [] and len(sg.nodes) == 3
    assert not nv.subgraph_from_result([["x", 1]]).nodes


# --------------------------------------------------------------------------- mapview


def test_parse_wkt_polygon_multipolygon_and_z() -> None:
    poly = mapview.parse_wkt("POLYGON((113.9 30.9, 113.91 30.9, 113.91 30.91, 113.9 30.9))")
    assert poly["type"] == "Polygon" and poly["coordinates"][0][0] == [113.9, 30.9]
    multi = mapview.parse_wkt(
        "MULTIPOLYGON(((0 0, 1 0, 1 1, 0 0)), ((5 5, 6 5, 6 6, 5 5), (5.1 5.1, 5.2 5.1, 5.2 5.2)))"
    )
    assert multi["type"] == "MultiPolygon" and len(multi["coordinates"]) == 2
    assert multi["coordinates"][1][1][-1] == [5.1, 5.1]  # unclosed hole ring is closed
    assert mapview.parse_wkt("polygon z ((0 0 1, 1 0 1, 1 1 1, 0 0 1))")["type"] == "Polygon"


@pytest.mark.parametrize(
    "bad",
    [
        "POINT(1 2)",
        "POLYGON((0 0, 1 x, 1 1, 0 0))",
        "POLYGON((0 0))",
        '{"type": "Point", "coordinates": [1, 2]}',
        "{not json",
    ],
)
def test_parse_boundary_rejects_non_polygons(bad: str) -> None:
    with pytest.raises(mapview.WKTError):
        mapview.parse_boundary(bad)


def test_parse_boundary_accepts_geojson_text_and_empty() -> None:
    geo = {"type": "Polygon", "coordinates": [[[0, 0], [1, 0], [1, 1], [0, 0]]]}
    assert mapview.parse_boundary(json.dumps(geo)) == geo
    assert mapview.parse_boundary({"type": "Feature", "geometry": geo}) == geo
    assert mapview.parse_boundary("") is None and mapview.parse_boundary(None) is None


def test_rings_are_rewound_clockwise_for_d3() -> None:
    ccw = mapview.parse_wkt(
        "POLYGON((0 0, 1 0, 1 1, 0 1, 0 0), (0.2 0.2, 0.2 0.8, 0.8 0.8, 0.2 0.2))"
    )
    fixed = mapview.rewind_clockwise(ccw)
    outer, hole = fixed["coordinates"]
    assert mapview._signed_area(outer) < 0 < mapview._signed_area(hole)
    assert mapview.rewind_clockwise(fixed) == fixed


def test_features_skip_bad_boundaries() -> None:
    rows = [
        {
            "grid_id": "G-1",
            "grid": "一",
            "severity": "high",
            "households": 3,
            "boundary": "POLYGON((0 0, 1 0, 1 1, 0 0))",
        },
        {"grid_id": "G-2", "grid": "二", "severity": "low", "boundary": "nonsense"},
        {"grid_id": "G-3", "grid": "三", "severity": "low", "boundary": None},
    ]
    feats, skipped = mapview.features(rows)
    assert [f["properties"]["grid_id"] for f in feats] == ["G-1"] and skipped == ["G-2", "G-3"]
    assert "boundary" not in feats[0]["properties"]


# --------------------------------------------------------------------------- figures


def test_reference_table_compares_article_and_data() -> None:
    df = figures.reference_table(
        {"grid_party_branches": 178, "building_party_groups": 420, "lighthouse_households": 5329}
    )
    assert list(df["article"]) == [178, 425, 5329]
    assert list(df["matches"]) == [True, False, True]
    assert list(df["difference"]) == [0, -5, 0]


def test_coverage_is_recomputed_from_sums_not_averaged() -> None:
    rows = [
        {
            "district": "A",
            "community": "a1",
            "grids": 1,
            "grids_with_branch": 1,
            "grids_with_lighthouse": 1,
            "buildings": 1,
            "buildings_with_group": 1,
            "households": 10,
            "households_served": 10,
        },
        {
            "district": "A",
            "community": "a2",
            "grids": 3,
            "grids_with_branch": 0,
            "grids_with_lighthouse": 3,
            "buildings": 1,
            "buildings_with_group": 0,
            "households": 90,
            "households_served": 0,
        },
    ]
    with i18n.use("en"):  # the measure's name is what a page shows, in its language
        df = figures.coverage_frame(rows, "district")
    pct = dict(zip(df["measure"], df["pct"], strict=True))
    assert pct[figures.COVERAGE_MEASURES["grids_with_branch_pct"][2]] == 25.0
    assert pct[figures.COVERAGE_MEASURES["households_served_pct"][2]] == 10.0
    assert len(figures.coverage_frame(rows, "community")) == 8
    assert figures.coverage_percentages({"grids": 0})["grids_with_branch_pct"] is None


def test_aging_buckets_and_gap_ordering_and_filters() -> None:
    aging = figures.aging_frame(
        [
            {
                "request_id": str(d),
                "age_days": d,
                "district": None,
                "community": "c",
                "grid": "g",
                "category": "x",
                "overdue": d > 30,
            }
            for d in (0, 7, 8, 30, 31, 90, 91, 400)
        ]
    )
    assert list(aging["age_bucket"].astype(str)) == [
        "0-7 days",
        "0-7 days",
        "8-30 days",
        "8-30 days",
        "31-90 days",
        "31-90 days",
        "over 90 days",
        "over 90 days",
    ]
    assert set(aging["district"]) == {"(unknown)"}
    report = [
        {
            "grid_id": "G-1",
            "grid_name": "一",
            "community_name": "甲",
            "severity": "low",
            "score": 2,
            "gaps": ["household_unserved"],
        },
        {
            "grid_id": "G-2",
            "grid_name": "二",
            "community_name": "乙",
            "severity": "high",
            "score": 9,
            "gaps": ["grid_without_branch", "household_unserved"],
        },
        {
            "grid_id": "G-3",
            "grid_name": "三",
            "community_name": "乙",
            "severity": "none",
            "score": 0,
            "gaps": [],
        },
        {
            "grid_id": "G-4",
            "grid_name": "四",
            "community_name": "乙",
            "severity": "high",
            "score": 12,
            "gaps": ["grid_without_lighthouse"],
        },
    ]
    df = figures.gap_frame(report, [{"grid_id": "G-1", "district": "孝南区"}])
    assert list(df["grid_id"]) == ["G-4", "G-2", "G-1", "G-3"]
    assert df.loc[df["grid_id"] == "G-1", "district"].item() == "孝南区"
    assert list(figures.filter_gaps(df, ["high"], ["household_unserved"])["grid_id"]) == ["G-2"]
    assert list(figures.filter_gaps(df, community="甲")["grid_id"]) == ["G-1"]
    assert figures.gap_frame([]).empty


# --------------------------------------------------------------------------- what if


def _care_graph() -> nx.MultiDiGraph:
    G = nx.MultiDiGraph()
    G.add_node("G", label="Grid", name="一网格")
    G.add_node("C", label="Area", name="社区")
    G.add_node("PF", label="Platform", name="平台")
    G.add_node("L", label="Household", name="灯", lighthouse=True)
    G.add_node("P", label="Person", name="党员")
    for h in ("L", "H1", "H2"):
        G.add_node(h, label="Household", name=h, lighthouse=h == "L")
        G.add_edge(h, "G", type="IN_GRID")
    G.add_node("B", label="Building")
    G.add_edge("B", "G", type="IN_GRID")
    G.add_edge("G", "C", type="IN_AREA")
    G.add_edge("PF", "C", type="SERVES")
    G.add_edge("P", "L", type="LIVES_IN")
    G.add_edge("L", "H1", type="SERVES")
    G.add_edge("P", "H2", type="SERVES")
    return G


def test_whatif_rows_name_what_analytics_reports() -> None:
    G = _care_graph()
    rows = {r["id"]: r for r in whatif.removable(G)}
    assert rows["P"]["load"] == 2 and rows["L"]["load"] == 1
    assert rows["PF"]["load"] == 3  # households of the grids it reaches, not buildings
    assert whatif.removable(G, ["other grid"])[0]["label"] == "Person"
    lost = whatif.lost(G, "P")
    assert [r["household_id"] for r in lost["unserved"]] == ["H2"]
    assert [r["household_id"] for r in lost["without_person"]] == ["H1"]  # lighthouse stays
    assert lost["unserved"][0]["grid_name"] == "一网格"
    assert len(whatif.lost(G, "PF")["without_platform"]) == 3


def test_recommendation_rows() -> None:
    rec = Recommendation(
        {"grid": "G", "community": None},
        {"households": 20, "unserved": 5, "coverage": 0.75},
        {"households": 20, "unserved": 1, "coverage": 0.95},
        [Pick("H3", "new", "G", "B1", ["P9"], ["H3", "H4", "H5", "H6"])],
        "exact: ...",
        "exact",
    )
    before, after = whatif.coverage_rows(rec)
    assert (before["served"], after["served"], after["coverage %"]) == (15, 19, 95.0)
    with i18n.use("en"):
        pick = whatif.pick_rows(rec)[0]
    assert pick["covers"] == 4 and pick["kind"].startswith("new") and pick["party_members"] == "P9"
