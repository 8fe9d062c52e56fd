"""Every explorer page through Streamlit's AppTest against the real Neo4j.

Pages are opened as links are (``?page=<name>&grid=...``); each test checks the
widgets, that a selection changes what is shown, and that failures are shown as
st.error sentences, never as exceptions.
"""

from __future__ import annotations

import json
import re

import pytest
from streamlit.testing.v1 import AppTest

from gridnet.explorer import nav
from gridnet.settings import Settings
from tests.explorer.conftest import APP
from tests.explorer.fixture_city import ELDER_CARE_PATH, XSS_BUILDING, XSS_NAME


def open_page(page: str, lang: str = "en", **params: str) -> AppTest:
    """The page in `lang`, English by default: these tests read its English texts; the
    zh crawl (test_i18n) opens it in Chinese."""
    at = AppTest.from_file(APP, default_timeout=90)
    at.query_params["page"] = page
    at.query_params["lang"] = lang
    for key, value in params.items():
        at.query_params[key] = value
    return at.run()


def assert_clean(at: AppTest) -> None:
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error, [e.value for e in at.error]


def iframe_html(at: AppTest) -> str:
    frames = at.get("iframe")
    assert frames, "no iframe on the page"
    return frames[0].proto.srcdoc


def test_overview_counts_reference_figures_and_grouping(city: Settings) -> None:
    at = open_page("overview")
    assert_clean(at)
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Grids"] == "4" and metrics["Lighthouse households"] == "4"
    assert metrics["Open requests"] == "4"
    ref = next(d.value for d in at.dataframe if "article" in d.value.columns)
    assert list(ref["article"]) == [178, 425, 5329] and list(ref["data"]) == [3, 6, 4]
    assert len(at.get("vega_lite_chart")) == 2
    at.radio[0].set_value("community").run()
    assert_clean(at)
    assert at.radio[0].value == "community"


def net_args(at: AppTest) -> dict:
    """The arguments the page sent to the network component (what the browser draws)."""
    comps = at.get("component_instance")
    assert comps, "no network component on the page"
    return json.loads(comps[0].proto.json_args)


def drawn(at: AppTest) -> dict[str, str]:
    """Node key -> kind of every node sent to the browser."""
    return {n["id"]: n["kind"] for n in net_args(at)["nodes"]}


def node_table(at: AppTest):  # type: ignore[no-untyped-def]
    """The "What is shown" table (the side panel may hold another dataframe)."""
    return next(d.value for d in at.dataframe if "links" in d.value.columns)


def event(at: AppTest, n: int, kind: str, **fields: object) -> AppTest:
    """As if the browser reported an event from the picture."""
    at.session_state["gn_net"] = {"id": f"test:{n}", "event": kind, **fields}
    return at.run()


def test_network_view_of_a_grid_changes_with_selection_and_depth(city: Settings) -> None:
    at = open_page("network", grid="G-0001")
    assert_clean(at)
    assert [s.label for s in at.selectbox] == ["District", "Community", "Grid"]
    assert at.selectbox[2].value == "G-0001"
    table = node_table(at)
    assert "H-0001" in set(table["id"]) and "H-0101" not in set(table["id"])
    assert "lighthouse_overloaded" in set(table["gaps"])
    args = net_args(at)
    assert args["layout"] == "force" and args["view"].startswith("G-0001|2|force")
    kinds = drawn(at)
    assert kinds["Household:H-0001"] == "lighthouse" and kinds["Household:H-0003"] == "household"
    assert {i["kind"] for i in args["legend"]} >= {"Grid", "lighthouse", "household"}
    assert all("x" in n and "y" in n for n in args["nodes"])  # seeded layout

    at.selectbox[2].set_value("G-0002").run()
    assert_clean(at)
    ids = set(node_table(at)["id"])
    assert "H-0101" in ids and "H-0001" not in ids
    assert "Household:H-0101" in drawn(at)

    at.select_slider[0].set_value(1).run()
    assert not any(i.startswith("H-") for i in node_table(at)["id"])
    assert not any(k.startswith("Household:") for k in drawn(at))


def test_network_hierarchical_layout_stacks_the_chain(city: Settings) -> None:
    at = open_page("network", grid="G-0001")
    at.radio(key="gn_layout").set_value("hierarchical").run()
    assert_clean(at)
    args = net_args(at)
    assert args["layout"] == "hierarchical"
    y = {n["id"]: n["y"] for n in args["nodes"]}
    assert y["Grid:G-0001"] < y["Organization:O-GB-0001"] < y["Organization:O-BG-001"]
    assert y["Organization:O-BG-001"] < y["Household:H-0001"] < y["Household:H-0003"]


def test_network_whole_community_opens_grids_and_folds_instead_of_cutting(
    city: Settings,
) -> None:
    at = open_page("network", community="C1")
    assert_clean(at)
    assert at.selectbox[2].value.startswith("(all grids")
    kinds = drawn(at)
    assert kinds["Grid:G-0001"] == kinds["Grid:G-0002"] == "summary"
    assert not any(k.startswith("Household:") for k in kinds)  # inside the summaries
    assert {"Area:C1", "Organization:O-CC-01", "Platform:PF-001"} <= set(kinds)
    summary = next(n for n in net_args(at)["nodes"] if n["id"] == "Grid:G-0001")
    assert "17 households · 2 lighthouse households" in summary["label"] and summary["gap"]
    assert {"G-0001", "G-0002"} <= set(node_table(at)["id"])
    assert any("summary node" in c.value for c in at.caption)

    # Selecting a summary shows its figures; double-clicking opens the grid in place.
    event(at, 1, "select", node="Grid:G-0001")
    figures = next(d.value for d in at.dataframe if "figure" in d.value.columns)
    assert {"households", "worst gap"} <= set(figures["figure"])
    event(at, 2, "expand", node="Grid:G-0001")
    assert_clean(at)
    kinds = drawn(at)
    assert kinds["Grid:G-0001"] == "Grid" and kinds["Household:H-0001"] == "lighthouse"
    assert kinds["Grid:G-0002"] == "summary"
    event(at, 3, "select", node="Grid:G-0001")
    at.button(key="gn_collapse").click().run()  # back into its summary
    assert drawn(at)["Grid:G-0001"] == "summary"

    # Over the cap, households fold under their parent; no kind disappears.
    event(at, 4, "expand", node="Grid:G-0001")
    before = set(drawn(at).values())
    at.number_input[0].set_value(20).run()
    assert_clean(at)
    assert any("folded" in w.value for w in at.warning)
    after = drawn(at)
    assert "fold" in set(after.values()) and before <= set(after.values()) | {"fold"}
    assert "household" in set(after.values())
    assert after["Household:H-0016"] == "household"  # a gap node is never folded
    fold = next(k for k, kind in after.items() if kind == "fold")
    event(at, 5, "expand", node=fold)  # a fold opens again
    assert fold not in drawn(at)


def test_network_search_by_name(city: Settings) -> None:
    at = open_page("network")
    at.text_input[0].input("书院").run()
    assert_clean(at)
    assert at.selectbox[0].label == "Matches"
    assert "G-0003" in set(node_table(at)["id"])
    at.text_input[0].input("no-such-thing-zz").run()
    assert any("No grid" in w.value for w in at.warning)


def test_network_xss_name_is_text(city: Settings) -> None:
    at = open_page("network", grid="G-0001")
    assert_clean(at)
    table = node_table(at)
    assert table.loc[table["id"] == XSS_BUILDING, "name"].item() == XSS_NAME
    node = next(n for n in net_args(at)["nodes"] if n["id"] == f"Building:{XSS_BUILDING}")
    assert node["label"].startswith("<img")  # drawn on the canvas as text
    event(at, 1, "select", node=f"Building:{XSS_BUILDING}")
    assert_clean(at)
    assert any("\\<img src=x" in m.value for m in at.markdown)  # the panel shows the name...
    assert not any(re.search(r"(?<!\\)<img", m.value) for m in at.markdown)  # ...as text


def test_network_select_expand_hide_collapse_pin(city: Settings) -> None:
    at = open_page("network", grid="G-0001")
    assert_clean(at)
    assert any("Click a node" in i.value for i in at.info)
    before = drawn(at)

    event(at, 1, "select", node="Household:H-0001")
    assert_clean(at)
    assert net_args(at)["selected"] == "Household:H-0001"
    assert any("lighthouse household" in m.value for m in at.markdown)
    props = next(d.value for d in at.dataframe if "property" in d.value.columns)
    assert "王**" in set(props["value"])  # the display form, never the clear name
    assert "overloaded lighthouse household" in " ".join(w.value for w in at.warning)

    # Double-click: every neighbour, here the member living in the lighthouse household.
    event(at, 2, "expand", node="Household:H-0001")
    assert_clean(at)
    after = drawn(at)
    assert after.get("Person:P-001") == "Person" and "Person:P-001" not in before
    assert len(after) == len(before) + 1

    # Expand along one type from the panel: the requests H-0003 raised.
    event(at, 3, "select", node="Household:H-0003")
    assert any(o.startswith("household raised") for o in at.multiselect[0].options)
    at.multiselect[0].select("RAISED")
    at.button(key="gn_expand").click().run()
    assert_clean(at)
    assert drawn(at).get("ServiceRequest:R-001") == "ServiceRequest"

    at.button(key="gn_hide").click().run()
    assert_clean(at)
    assert "Household:H-0003" not in drawn(at) and net_args(at)["selected"] is None
    at.button(key="gn_show_hidden").click().run()
    assert "Household:H-0003" in drawn(at)

    # Collapse the overloaded lighthouse: the households it serves leave the picture.
    event(at, 4, "select", node="Household:H-0001")
    at.button(key="gn_pin").click().run()
    assert net_args(at)["pinned"] == ["Household:H-0001"]
    at.button(key="gn_collapse").click().run()
    assert_clean(at)
    kept = drawn(at)
    assert "Household:H-0001" in kept and "Household:H-0004" not in kept
    assert "Person:P-001" not in kept  # the expansion is taken back too

    # The legend's kinds come back from the browser and stay switched off.
    event(at, 5, "kinds", hidden=["household"])
    assert net_args(at)["hidden_kinds"] == ["household"]
    assert next(i for i in net_args(at)["legend"] if i["kind"] == "household")["hidden"]


def test_network_path_from_a_household_to_a_platform(city: Settings) -> None:
    at = open_page("network", grid="G-0001")
    event(at, 1, "select", node="Household:H-0003")
    at.selectbox(key="gn_pathcat_Household:H-0003").set_value("elder_care")
    at.button(key="gn_path").click().run()
    assert_clean(at)
    chain = list(ELDER_CARE_PATH)
    assert net_args(at)["focus"]["path"] == chain
    assert set(chain) <= set(drawn(at))
    assert any("lit in the picture" in s.value for s in at.success), [s.value for s in at.success]

    # Legal aid is offered only in another community: the chain stops at the grid.
    at.selectbox(key="gn_pathcat_Household:H-0003").set_value("legal_aid")
    at.button(key="gn_path").click().run()
    assert any("requested category nobody offers" in w.value for w in at.warning)
    assert net_args(at)["focus"]["path"][-1] == "Grid:G-0001"
    at.button(key="gn_path_clear").click().run()
    assert net_args(at)["focus"] is None and "ServiceCategory:legal_aid" not in drawn(at)


def test_network_slicer(city: Settings) -> None:
    at = open_page("network", grid="G-0001")
    lighthouses = {k for k, kind in drawn(at).items() if kind == "lighthouse"}
    assert lighthouses == {"Household:H-0001", "Household:H-0002"}
    at.number_input(key="gn_sl_load").set_value(5).run()
    assert_clean(at)
    assert {k for k, kind in drawn(at).items() if kind == "lighthouse"} == {"Household:H-0001"}
    assert any("Slicer hides" in c.value for c in at.caption)
    at.number_input(key="gn_sl_load").set_value(0).run()

    at.select_slider[0].set_value(3).run()  # requests are drawn from depth 3
    requests = {k for k, kind in drawn(at).items() if kind == "ServiceRequest"}
    assert requests == {"ServiceRequest:R-001", "ServiceRequest:R-002"}
    at.number_input(key="gn_sl_age").set_value(10).run()  # as of 2013-06-25
    assert_clean(at)
    assert {k for k, kind in drawn(at).items() if kind == "ServiceRequest"} == {
        "ServiceRequest:R-001"
    }
    at.number_input(key="gn_sl_age").set_value(0).run()

    at.checkbox(key="gn_sl_vulnerable").check().run()  # nobody in the fixture is vulnerable
    assert not any(kind == "household" for kind in drawn(at).values())
    assert "Household:H-0001" in drawn(at)  # lighthouse households are not sliced by it
    at.checkbox(key="gn_sl_vulnerable").uncheck().run()

    at.number_input(key="gn_sl_rating").set_value(3.0).run()  # nobody was ever rated
    assert_clean(at)
    left = drawn(at)
    assert "Organization:O-X-02" not in left and "Grid:G-0001" in left


def test_gaps_table_filters_detail_and_downloads(city: Settings) -> None:
    at = open_page("gaps")
    assert_clean(at)
    table = at.dataframe[0].value
    assert list(table["severity"]) == sorted(
        table["severity"], key=["high", "medium", "low", "none"].index
    )
    assert set(table["grid_id"]) == {"G-0001", "G-0002", "G-0003", "G-0004"}
    config = json.loads(at.dataframe[0].proto.columns)
    assert config["grid_id"]["type_config"]["type"] == "button"  # opens in this tab
    assert len(at.get("download_button")) == 2
    at.multiselect[1].select("grid_without_branch").run()
    assert list(at.dataframe[0].value["grid_id"]) == ["G-0004"]
    assert at.selectbox[-1].value == "G-0004"
    assert any("grid without party branch" in e.label for e in at.expander)
    links = at.get("page_link")
    assert links and "grid" in str(links[0].proto.query_string or links[0].proto)
    at.multiselect[1].unselect("grid_without_branch").run()
    at.multiselect[0].set_value(["none"]).run()
    assert at.dataframe[0].value.empty or set(at.dataframe[0].value["severity"]) == {"none"}


def click_id(at: AppTest, table_key: str, column: str, value: str) -> AppTest:
    """As if the planner clicked an id in a table (a button column)."""
    at.session_state[f"{table_key}__{column}"] = {"row": 0, "label": value}
    return at.run()


def focused(at: AppTest) -> str | None:
    focus = net_args(at)["focus"]
    return focus["key"] if focus else None


def test_network_deep_link_selects_and_focuses_the_node(city: Settings) -> None:
    at = open_page("network", node="H-0001")
    assert_clean(at)
    args = net_args(at)
    assert args["selected"] == "Household:H-0001" and focused(at) == "Household:H-0001"
    assert at.selectbox[2].value == "G-0001"
    assert any("lighthouse household" in m.value for m in at.markdown)  # the panel

    # A person is drawn from depth 3: the link deepens the view.
    at = open_page("network", node="P-004")
    assert_clean(at)
    assert at.select_slider[0].value == 3 and focused(at) == "Person:P-004"
    # A request outside the grid's view is brought in around its node.
    at = open_page("network", node="R-006", grid="G-0002")
    assert_clean(at)
    assert focused(at) == "ServiceRequest:R-006" and "ServiceRequest:R-006" in drawn(at)
    # A community-level node opens the community's view.
    at = open_page("network", node="PF-001")
    assert at.selectbox[2].value.startswith("(all grids") and focused(at) == "Platform:PF-001"
    at = open_page("network", node="no-such-id")
    assert any("no-such-id" in w.value for w in at.warning)

    # The focus happens once: later runs keep the planner's own selection.
    at = open_page("network", node="H-0001")
    event(at, 1, "select", node="Grid:G-0001")
    assert net_args(at)["selected"] == "Grid:G-0001"
    at.run()
    assert net_args(at)["selected"] == "Grid:G-0001"


def test_ids_in_tables_open_the_network_focused(city: Settings) -> None:
    at = open_page("gaps")
    at.multiselect[1].select("grid_without_branch").run()
    click_id(at, "gap_grid_without_branch", "grid_id", "G-0004")
    assert_clean(at)
    assert focused(at) == "Grid:G-0004" and at.query_params["node"] == "G-0004"

    at = open_page("requests")
    click_id(at, "req_open", "request_id", "R-001")
    assert_clean(at)
    assert focused(at) == "ServiceRequest:R-001"

    at = open_page("whatif")
    at.selectbox[3].set_value("C1").run()  # the recommendation's community
    picks = next(d for d in at.dataframe if "covers" in d.value.columns)
    assert json.loads(picks.proto.columns)["household_id"]["type_config"]["type"] == "button"
    click_id(at, "wi_picks", "household_id", "H-0003")
    assert_clean(at)
    assert focused(at) == "Household:H-0003"

    at = open_page("console")
    at.text_area[0].input("MATCH (h:Household {id: 'H-0002'}) RETURN h.id AS id, h.name")
    at.button[1].click().run()
    assert_clean(at)
    click_id(at, "console_rows_cypher", "id", "H-0002")
    assert focused(at) == "Household:H-0002"

    # The network's own table focuses within the page.
    at = open_page("network", grid="G-0001")
    click_id(at, "gn_table", "id", "H-0016")
    assert focused(at) == "Household:H-0016" and net_args(at)["selected"] == "Household:H-0016"


def test_requests_page_filters_by_category(city: Settings) -> None:
    at = open_page("requests")
    assert_clean(at)
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Open on the day"] == "4" and metrics["Past deadline"] == "2"
    at.multiselect[0].set_value(["就业服务"]).run()
    assert_clean(at)
    assert {m.label: m.value for m in at.metric}["Open on the day"] == "2"
    at.selectbox[0].set_value("district").run()
    assert_clean(at)


def deck_spec(at: AppTest) -> dict:
    """The deck.gl map the page sent to the browser: its layers by id, and its style."""
    charts = at.get("deck_gl_json_chart")
    assert len(charts) == 1, "no map on the page"
    spec = json.loads(charts[0].proto.json)
    return {"layers": {layer["id"]: layer for layer in spec["layers"]}, "style": spec["mapStyle"]}


def test_map_page_colours_layers_and_selects_grid(city: Settings) -> None:
    from gridnet.explorer import gridmap

    at = open_page("map")
    assert_clean(at)
    assert [s.label for s in at.selectbox][:2] == ["Colour by", "District"]
    spec = deck_spec(at)
    assert spec["style"] == "__MAP_STYLE__"  # no basemap unless the office configures one
    layers = spec["layers"]
    assert {"grids", "platforms", "gaps", "community_outlines", "district_labels"} <= set(layers)
    assert "lighthouses" not in layers  # off until switched on
    fills = {g["grid_id"]: g["fill"] for g in layers["grids"]["data"]}
    darkest = gridmap.colour("severity", "high", 0, 0)
    assert fills["G-0004"] == darkest and fills["G-0003"] != darkest
    assert {d["text"] for d in layers["community_labels"]["data"]} == {
        "槐荫社区",
        "书院社区",
        "花园村",
    }
    assert {d["text"] for d in layers["district_labels"]["data"]} == {"孝南区", "孝昌县"}
    assert [p["platform_id"] for p in layers["platforms"]["data"]] == ["PF-001"]
    gaps = {g["grid_id"]: g["count"] for g in layers["gaps"]["data"]}
    assert gaps["G-0004"] == "6"

    at.checkbox(key="map_layer_lighthouses").check().run()
    at.checkbox(key="map_layer_platforms").uncheck().run()
    assert_clean(at)
    layers = deck_spec(at)["layers"]
    assert "platforms" not in layers
    counts = {m["grid_id"]: m["tip"].splitlines()[0] for m in layers["lighthouses"]["data"]}
    assert counts == {
        "G-0001": "Lighthouse households: 2",
        "G-0002": "Lighthouse households: 1",
        "G-0003": "Lighthouse households: 1",
    }

    at.selectbox[0].set_value("households_served_pct").run()
    assert_clean(at)
    fills = {g["grid_id"]: g["fill"] for g in deck_spec(at)["layers"]["grids"]["data"]}
    assert fills["G-0004"] == gridmap.colour("households_served_pct", 0, 0, 100)  # 0 % served
    at.selectbox[2].set_value("G-0004").run()
    detail = at.dataframe[0].value
    assert detail["grid_id"].item() == "G-0004" and detail["severity"].item() == "high"
    (link,) = [
        p for p in at.get("page_link") if "G-0004" in p.proto.page or "花园乡湾" in p.proto.label
    ]
    assert link.proto.label == "Open the network view of 花园乡湾"
    at.selectbox[1].set_value("孝昌县").run()
    assert at.selectbox[2].options == ["花园乡湾 (G-0004)"]
    layers = deck_spec(at)["layers"]
    assert [g["grid_id"] for g in layers["grids"]["data"]] == ["G-0004"]
    assert {d["text"] for d in layers["community_labels"]["data"]} == {"花园村"}


def test_map_draws_communities_when_the_view_holds_too_many_grids(
    city: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A province's view: each community in its worst grid's colour, no per-grid
    markers, and the grids again once a district is chosen."""
    from gridnet.explorer import gridmap
    from gridnet.explorer.pages import map as map_page

    monkeypatch.setattr(map_page, "GRID_POLYGONS_UP_TO", 1)
    map_page._picture.clear()  # drawn views are kept: draw this one afresh
    try:
        at = open_page("map")
        assert_clean(at)
        assert any(c.value.startswith("4 grids in view: each community") for c in at.caption)
        layers = deck_spec(at)["layers"]
        assert not {"gaps", "platforms"} & set(layers)  # markers wait for a district
        records = layers["grids"]["data"]
        assert len({r["grid_id"] for r in records}) == 3  # one worst grid per community
        village = [r for r in records if r["tip"].startswith("Community: 花园村")]
        assert village and {r["grid_id"] for r in village} == {"G-0004"}
        assert village[0]["fill"] == gridmap.colour("severity", "high", 0, 0)
        assert "Worst grid: 花园乡湾 (G-0004) · high" in village[0]["tip"]

        at.selectbox[1].set_value("孝昌县").run()  # one grid: drawn as itself
        assert_clean(at)
        layers = deck_spec(at)["layers"]
        assert [g["grid_id"] for g in layers["grids"]["data"]] == ["G-0004"]
        assert {"gaps", "platforms"} <= set(layers)
        assert not any("grids in view" in c.value for c in at.caption)
    finally:
        map_page._picture.clear()


@pytest.mark.parametrize(
    ("lang", "layer", "tip", "link"),
    [
        ("zh", "缺口标记", "缺口严重程度：高", "查看 花园乡湾 的网络"),
        ("en", "Gap markers", "Gap severity: high", "Open the network view of 花园乡湾"),
    ],
)
def test_map_page_speaks_the_language_of_the_link(
    city: Settings, lang: str, layer: str, tip: str, link: str
) -> None:
    at = AppTest.from_file(APP, default_timeout=90)
    at.query_params.update({"page": "map", "lang": lang})
    at.run()
    assert_clean(at)
    assert layer in [c.label for c in at.checkbox]
    grids = {g["grid_id"]: g for g in deck_spec(at)["layers"]["grids"]["data"]}
    assert (
        grids["G-0004"]["tip"].startswith("花园乡湾 (G-0004)\n") and tip in grids["G-0004"]["tip"]
    )
    at.selectbox[2].set_value("G-0004").run()
    assert link in [p.proto.label for p in at.get("page_link")]


def test_whatif_remove_and_recommend(city: Settings) -> None:
    at = open_page("whatif")
    assert_clean(at)
    at.selectbox[0].set_value("C2").run()
    at.selectbox[2].set_value("P-003").run()
    assert_clean(at)
    assert any("4 household(s) would have nobody serving them" in w.value for w in at.warning)
    at.selectbox[0].set_value("C1").run()
    at.radio[0].set_value("Platform").run()
    assert_clean(at)
    assert at.selectbox[2].value == "PF-001"
    warnings = " ".join(w.value for w in at.warning)
    assert "21 household(s) would have no platform" in warnings
    assert "3 request(s)" in warnings and "nobody serving them" not in warnings

    at.selectbox[3].set_value("C1").run()
    assert_clean(at)
    metrics = {m.label: m.value for m in at.metric}
    # C1: 21 households, H-0016 and the XSS household unserved; only P-004's home (same
    # building as the XSS household) can take one of them.
    assert metrics["Served before"] == "19/21"
    assert metrics["Served after"] == "20/21"
    assert any("exact:" in c.value for c in at.caption)
    assert any("H-0016" in w.value for w in at.warning)
    at.radio[1].set_value("grid").run()  # neighbours: the whole grid
    assert_clean(at)
    assert {m.label: m.value for m in at.metric}["Served after"] == "21/21"


def test_recommendation_action_list_per_grid(city: Settings) -> None:
    at = open_page("whatif")
    at.selectbox[3].set_value("C1").run()  # the recommendation's community
    assert_clean(at)
    titles = [e.label for e in at.expander]
    assert any(t.startswith("槐荫一网格 (G-0001)") for t in titles), titles
    text = " ".join(m.value for m in at.markdown) + " ".join(c.value for c in at.caption)
    assert "Rebalance overloaded lighthouse households" in text
    assert "Escalate overdue requests" in text
    moves = next(d for d in at.dataframe if "from_lighthouse_id" in d.value.columns).value
    assert list(moves["from_lighthouse_id"]) == ["H-0001"]
    assert list(moves["to_lighthouse_id"]) == ["H-0002"]  # the only one with room
    overdue = next(d for d in at.dataframe if "days_past_deadline" in d.value.columns)
    assert "R-001" in set(overdue.value["request_id"])
    click_id(at, "act_G-0001_escalate", "request_id", "R-001")
    assert_clean(at)
    assert focused(at) == "ServiceRequest:R-001"


def test_console_catalog_query_and_cypher_graph(city: Settings) -> None:
    at = open_page("console")
    assert_clean(at)
    at.selectbox[0].set_value("grid_neighbourhood").run()
    at.selectbox(key="cq_grid_neighbourhood_grid").set_value("G-0001")  # a picker, not typed
    at.button[0].click().run()  # the catalog form's submit
    assert_clean(at)
    assert "槐荫社区大党委" in set(at.dataframe[0].value["name"])
    at.button[1].click().run()  # the default Cypher: grids and their areas, as a graph
    assert_clean(at)
    assert len(at.dataframe[0].value) == 4
    assert "vis.Network" in iframe_html(at)
    at.text_area[0].input("MATCH p = (a:Household {id: 'H-0002'})-[:SERVES]->() RETURN p")
    at.button[1].click().run()  # paths are drawn along their relationships
    assert_clean(at)
    page = iframe_html(at)
    assert page.count('"from": "Household:H-0002"') == 2 and "SERVES" in page


def test_console_refuses_writes_and_reports_timeouts(city: Settings) -> None:
    at = open_page("console")
    at.text_area[0].input("CREATE (n:Grid {id: 'X'}) RETURN n")
    at.button[1].click().run()
    assert not at.exception
    assert any("Refused" in e.value for e in at.error)
    at.number_input[0].set_value(1.0)
    at.text_area[0].input("UNWIND range(1, 1000000000) AS x WITH x WHERE x % 7 = 3 RETURN count(x)")
    at.button[1].click().run()
    assert not at.exception
    assert any("too long" in e.value for e in at.error), [e.value for e in at.error]


@pytest.mark.parametrize("page", list(nav.PAGES))
def test_every_page_shows_a_clean_error_when_neo4j_is_down(
    page: str, city: Settings, closed_port: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GRIDNET_BOLT_PORT", str(closed_port))
    monkeypatch.delenv("NEO4J_URI", raising=False)
    at = open_page(page)
    if page == "console":  # the console reads the catalog first, the database on Run
        at.button[1].click().run()
    assert not at.exception, [e.value for e in at.exception]
    errors = [e.value for e in at.error]
    assert errors and "cannot be reached" in errors[0]
    # the technical details, port included, sit behind an expander under the sentence
    details = " ".join(c.value for c in at.code)
    assert str(closed_port) in details, details
