"""The network component's pure parts: layouts, payload, exploration, slicer, frontend files."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import math
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from gridnet.explorer import actions, aggregate, explore, i18n, netgraph, netpayload
from gridnet.explorer import network_view as nv
from gridnet.explorer.safe import external_resources

pytestmark = pytest.mark.unit

XSS = "<img src=x onerror=alert(1)>"


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    """These tests read the actions' English texts (the zh ones are the catalog's)."""
    with i18n.use("en"):
        yield


def _n(label: str, **props: Any) -> dict[str, Any]:
    return {"label": label, "props": props}


def _grid_city(lighthouses: int = 3, served: int = 4, unserved: int = 2) -> nv.Subgraph:
    """One grid: branch → group → lighthouses → households, a building, an X org, a platform."""
    grid = _n("Grid", id="G1", name="一网格")
    branch = _n("Organization", id="B1", name="一网格党支部", kind="grid_party_branch")
    group = _n("Organization", id="PG1", name="1栋党小组", kind="building_party_group")
    building = _n("Building", id="BD1", name="1栋")
    rows: list[dict[str, Any]] = [
        {"source": branch, "type": "COVERS", "target": grid},
        {"source": group, "type": "PART_OF", "target": branch},
        {"source": group, "type": "COVERS", "target": building},
        {"source": building, "type": "IN_GRID", "target": grid},
        {"source": _n("Area", id="C1", name="社区", level="community"), "type": None},
        {"source": grid, "type": "IN_AREA", "target": _n("Area", id="C1", name="社区")},
        {
            "source": _n("Organization", id="X1", kind="council", type="social"),
            "type": "COVERS",
            "target": grid,
        },
        {"source": _n("Platform", id="PF1", name="服务站"), "type": "SERVES", "target": grid},
    ]
    for i in range(lighthouses):
        lh = _n("Household", id=f"L{i}", name=f"明灯{i}", lighthouse=True)
        rows.append({"source": lh, "type": "IN_GROUP", "target": group})
        rows.append({"source": lh, "type": "IN_BUILDING", "target": building})
        for j in range(served):
            h = _n(
                "Household", id=f"H{i}{j}", name=f"住户{i}{j}", lighthouse=False, vulnerable=j == 0
            )
            rows.append({"source": lh, "type": "SERVES", "target": h})
            rows.append({"source": h, "type": "IN_BUILDING", "target": building})
    for k in range(unserved):
        h = _n("Household", id=f"U{k}", name=XSS if k == 0 else f"无人{k}", lighthouse=False)
        rows.append({"source": h, "type": "IN_BUILDING", "target": building})
    return nv.subgraph_from_rows(rows)


# --------------------------------------------------------------------------- layouts


def test_chain_parents_follow_grid_branch_group_lighthouse_household() -> None:
    sg = _grid_city()
    parents = netpayload.chain_parents(sg)
    assert parents["Organization:B1"] == "Grid:G1"
    assert parents["Organization:PG1"] == "Organization:B1"
    assert parents["Household:L0"] == "Organization:PG1"
    assert parents["Household:H01"] == "Household:L0"  # served: under its lighthouse
    assert parents["Household:U1"] == "Building:BD1"  # unserved: under its building
    assert parents["Grid:G1"] == "Area:C1" and parents["Area:C1"] is None


def test_layered_positions_put_each_level_below_the_one_above() -> None:
    sg = _grid_city()
    pos = netpayload.layered_positions(sg)
    assert set(pos) == set(sg.nodes)
    y = {k: p[1] for k, p in pos.items()}
    assert y["Area:C1"] < y["Grid:G1"] < y["Organization:B1"] < y["Organization:PG1"]
    assert y["Organization:PG1"] < y["Household:L0"] < y["Household:H00"]
    # Households stand under their own lighthouse, not under someone else's.
    for i in range(3):
        xs = [pos[f"Household:H{i}{j}"][0] for j in range(4)]
        assert min(abs(x - pos[f"Household:L{i}"][0]) for x in xs) < netpayload.SLOT
    # A long column of leaves wraps: no more than BLOCK_ROWS in one column.
    big = _grid_city(lighthouses=1, served=20)
    bpos = netpayload.layered_positions(big)
    column = [bpos[f"Household:H0{j}"] for j in range(20)]
    assert max(sum(1 for p in column if p[0] == x) for x, _ in column) <= netpayload.BLOCK_ROWS


def test_radial_positions_centre_the_grid_and_are_deterministic() -> None:
    sg = _grid_city()
    pos = netpayload.radial_positions(sg)
    assert set(pos) == set(sg.nodes)
    assert pos["Grid:G1"] == (0.0, 0.0)
    r = {k: math.hypot(*p) for k, p in pos.items()}
    assert r["Organization:B1"] < r["Organization:PG1"] < r["Household:L0"] < r["Household:H00"]
    assert netpayload.radial_positions(sg) == pos
    # No two nodes share a seed position (physics could not separate them).
    assert len(set(pos.values())) == len(pos)


def test_settle_budget_is_bounded() -> None:
    for n in (1, 100, 500, 5000):
        budget = netpayload.settle_budget(n)
        assert 0 < budget["iterations"] <= 200 and 0 < budget["max_ms"] <= 2500


def test_payload_carries_styles_tiers_levels_and_positions() -> None:
    sg = _grid_city()
    nv.mark_gaps(sg, [{"label": "Household", "id": "U0", "gap": "household_unserved"}])
    args = netpayload.payload(sg, view="G1|2|force", title="一网格", hidden_kinds=["x_org"])
    json.dumps(args)  # the component's arguments travel as JSON
    nodes = {n["id"]: n for n in args["nodes"]}
    assert set(nodes) == set(sg.nodes)
    assert all("x" in n and "y" in n for n in nodes.values())
    grid, house = nodes["Grid:G1"], nodes["Household:H00"]
    assert grid["tier"] == 1 and grid["scaling"]["label"]["drawThreshold"] == 0
    assert house["tier"] == 3 and house["scaling"]["label"]["drawThreshold"] >= 9
    assert nodes["Household:L0"]["tier"] == 2
    assert grid["level"] < nodes["Organization:B1"]["level"] < nodes["Household:L0"]["level"]
    gap = nodes["Household:U0"]
    assert gap["gap"] is True and gap["borderWidth"] == 4
    assert gap["label"].startswith("<img")  # plain text: drawn on a canvas, never parsed
    assert "household nobody serves" in gap["title"]
    assert args["hidden_kinds"] == ["x_org"]
    legend = {i["kind"]: i for i in args["legend"]}
    assert legend["household"]["count"] == 14 and legend["x_org"]["hidden"] is True
    assert legend["lighthouse"]["name"] == "lighthouse household"
    assert args["lang"] == "en" and args["ui"]["relayout"] == "Re-layout"
    assert args["settle"] == netpayload.settle_budget(len(sg.nodes))
    # Structural links are longer springs: their labels get room.
    edges = {e["id"]: e for e in args["edges"]}
    assert edges["Organization:B1|COVERS|Grid:G1"]["length"] == netpayload.SPRING_STRUCTURE
    assert "length" not in edges["Household:L0|SERVES|Household:H00"]
    with pytest.raises(ValueError):
        netpayload.payload(sg, view="v", layout="circle")


def test_hierarchical_payload_marks_links_off_the_tree_faint() -> None:
    sg = _grid_city()
    edges = {e["id"]: e for e in netpayload.payload(sg, view="v", layout="hierarchical")["edges"]}
    assert edges["Household:L0|SERVES|Household:H00"]["faint"] is False  # tree
    assert edges["Household:H00|IN_BUILDING|Building:BD1"]["faint"] is True  # not tree
    force = netpayload.payload(sg, view="v")["edges"]
    assert all("faint" not in e for e in force)


def test_payload_selection_focus_and_pins_only_name_nodes_drawn() -> None:
    sg = _grid_city()
    args = netpayload.payload(
        sg,
        view="v",
        selected="Household:nope",
        pinned=["Grid:G1", "Household:nope"],
        focus={"key": "Grid:G1", "seq": 3},
    )
    assert args["selected"] is None and args["pinned"] == ["Grid:G1"]
    assert args["focus"] == {"key": "Grid:G1", "seq": 3}


def test_counts_by_kind_in_legend_order() -> None:
    assert list(netpayload.counts_by_kind(["household", "Grid", "zzz", "lighthouse"])) == [
        "Grid",
        "lighthouse",
        "household",
        "zzz",
    ]


# --------------------------------------------------------------------------- exploration


def test_events_are_applied_once_and_expand_waits_for_data() -> None:
    state = explore.Exploration(scope="G1|2")
    assert not state.handle(None) and not state.handle({"event": "select", "node": "x"})
    assert state.handle({"id": "f:1", "event": "select", "node": "Grid:G1"})
    assert state.selected == "Grid:G1"
    assert not state.handle({"id": "f:1", "event": "select", "node": "Grid:G1"})
    assert state.handle({"id": "f:2", "event": "expand", "node": "Household:L0"})
    assert state.pending_expand == "Household:L0" and state.selected == "Household:L0"
    assert state.handle({"id": "f:3", "event": "kinds", "hidden": ["household", "x_org"]})
    assert state.hidden_kinds == {"household", "x_org"}
    assert state.handle({"id": "f:4", "event": "select", "node": None})
    assert state.selected is None
    assert not state.handle({"id": "f:5", "event": "unknown"})


def test_expand_merges_types_and_reveals_hidden_neighbours() -> None:
    state = explore.Exploration(scope="s", hidden={"Household:H00", "Household:H01"})
    state.expand("Household:L0", ["SERVES"], revealed=["Household:H00"])
    assert state.expanded == {"Household:L0": ("SERVES",)}
    assert state.hidden == {"Household:H01"} and state.selected == "Household:L0"
    state.expand("Household:L0", ["LIVES_IN"])
    assert state.expanded["Household:L0"] == ("LIVES_IN", "SERVES")
    state.expand("Household:L0", [])  # everything
    assert state.expanded["Household:L0"] == ()
    state.expand("Household:L0", ["SERVES"])  # already everything
    assert state.expanded["Household:L0"] == ()


def test_collapse_hides_the_chain_below_but_not_pinned_nodes() -> None:
    sg = _grid_city()
    state = explore.Exploration(scope="s", pinned={"Household:H01"})
    state.expanded["Household:L0"] = ()
    hidden = state.collapse("Household:L0", sg)
    assert "Household:L0" not in state.expanded
    assert hidden == ["Household:H00", "Household:H02", "Household:H03"]
    drawn = explore.compose(sg, {}, state)
    assert "Household:H00" not in drawn.nodes and "Household:H01" in drawn.nodes
    assert all(e.source in drawn.nodes and e.target in drawn.nodes for e in drawn.edges)
    state.show_hidden()
    assert len(explore.compose(sg, {}, state).nodes) == len(sg.nodes)


def test_hide_pin_and_focus() -> None:
    state = explore.Exploration(scope="s", selected="Grid:G1", pinned={"Grid:G1"})
    state.hide("Grid:G1")
    assert state.selected is None and "Grid:G1" in state.hidden and not state.pinned
    state.toggle_pin("Household:L1")
    assert state.pinned == {"Household:L1"}
    state.toggle_pin("Household:L1")
    assert not state.pinned
    state.focus_on("Grid:G1")
    state.focus_on("Grid:G1")
    assert state.focus == {"key": "Grid:G1", "seq": 2} and state.selected == "Grid:G1"
    assert "Grid:G1" not in state.hidden


def test_compose_adds_expansions_and_keeps_gap_marks() -> None:
    base = _grid_city()
    nv.mark_gaps(base, [{"label": "Household", "id": "U1", "gap": "household_unserved"}])
    extra = nv.subgraph_from_rows(
        [
            {
                "source": _n("Person", id="P1", name="李**"),
                "type": "LIVES_IN",
                "target": _n("Household", id="L0", lighthouse=True),
            },
            {
                "source": _n("Household", id="U1", lighthouse=False),
                "type": "RAISED",
                "target": _n("ServiceRequest", id="R1"),
            },
        ]
    )
    state = explore.Exploration(scope="s", expanded={"Household:L0": ()})
    drawn = explore.compose(base, {"Household:L0": extra}, state)
    assert {"Person:P1", "ServiceRequest:R1"} <= set(drawn.nodes)
    assert drawn.nodes["Household:U1"].gaps == ["household_unserved"]
    assert len(drawn.edges) == len(base.edges) + 2
    # An expansion not asked for (or taken back) is not drawn.
    assert (
        "Person:P1"
        not in explore.compose(base, {"Household:L0": extra}, explore.Exploration("s")).nodes
    )
    # The base is not changed by composing.
    assert "Person:P1" not in base.nodes


def test_descendants_and_neighbourhood() -> None:
    sg = _grid_city(lighthouses=2, served=2, unserved=0)
    assert explore.descendants(sg, "Organization:PG1") == {
        "Building:BD1",  # the group covers it
        "Household:L0",
        "Household:L1",
        "Household:H00",
        "Household:H01",
        "Household:H10",
        "Household:H11",
    }
    assert explore.neighbourhood(sg, "Household:L1") == {
        "Household:L1",
        "Household:H10",
        "Household:H11",
        "Organization:PG1",
        "Building:BD1",
    }
    assert explore.without(sg, ["Household:L1"]).nodes.keys() == sg.nodes.keys() - {"Household:L1"}


def test_slicer_hides_per_kind_what_misses_its_condition() -> None:
    sg = _grid_city()
    sg.add_node("ServiceRequest", {"id": "R-old", "opened_at": dt.datetime(2013, 1, 1, 9, 0)})
    sg.add_node("ServiceRequest", {"id": "R-new", "opened_at": "2013-06-25T10:00:00"})
    sg.add_node("Person", {"id": "P-low"})
    sg.add_node("Person", {"id": "P-high"})
    sg.add_node("Person", {"id": "P-none"})
    facts = {
        "Household:L0": {"load": 12},
        "Household:L1": {"load": 3},
        "Person:P-low": {"rating": 2.5},
        "Person:P-high": {"rating": 4.5},
        "Platform:PF1": {"rating": 2.0},
    }
    as_of = dt.date(2013, 6, 30)
    assert explore.slice_out(sg, explore.Slicer(), facts, as_of) == (set(), {})

    out, counts = explore.slice_out(sg, explore.Slicer(vulnerable_only=True), facts, as_of)
    assert counts == {"household": 11}  # 12 served, 3 of them vulnerable, + 2 unserved
    assert "Household:H00" not in out and "Household:L0" not in out

    out, _ = explore.slice_out(sg, explore.Slicer(min_load=10), facts, as_of, keep=["Household:L2"])
    assert out == {"Household:L1"}  # L2 has no facts but is kept (selected)

    out, _ = explore.slice_out(sg, explore.Slicer(min_age_days=30), facts, as_of)
    assert out == {"ServiceRequest:R-new"}

    out, counts = explore.slice_out(sg, explore.Slicer(max_rating=3.0), facts, as_of)
    assert {"Person:P-high", "Person:P-none", "Organization:X1", "Organization:B1"} <= out
    assert "Person:P-low" not in out and "Platform:PF1" not in out
    assert "Grid:G1" not in out  # containers are never sliced away


# --------------------------------------------------------------------------- aggregation


def test_community_graph_draws_grids_as_summaries_until_opened() -> None:
    area = _n("Area", id="C1", name="社区", level="community")
    structure = [
        {"source": area, "type": None},
        {"source": _n("Grid", id="G1", name="一网格"), "type": "IN_AREA", "target": area},
        {"source": _n("Grid", id="G2", name="二网格"), "type": "IN_AREA", "target": area},
        {"source": _n("Platform", id="PF", name="中心"), "type": "SERVES", "target": area},
    ]
    summaries = [
        {"grid_id": "G1", "grid_name": "一网格", "households": 14, "lighthouses": 3},
        {"grid_id": "G2", "grid_name": "二网格", "households": 5, "lighthouses": 0},
    ]
    gaps = [
        {"grid": "G2", "label": "Grid", "id": "G2", "gap": "grid_without_lighthouse"},
        {"grid": "G2", "label": "Household", "id": "X", "gap": "household_unserved"},
    ]
    sg = aggregate.community_graph(structure, summaries, gaps)
    assert {k: n.kind for k, n in sg.nodes.items() if k.startswith("Grid:")} == {
        "Grid:G1": "summary",
        "Grid:G2": "summary",
    }
    g2 = sg.nodes["Grid:G2"]
    assert g2.props["households"] == 5 and g2.gaps == [
        "grid_without_lighthouse",
        "household_unserved",
    ]
    assert g2.props["worst_gap"] == "grid_without_lighthouse"
    with i18n.use("zh"):
        args = netpayload.payload(sg, view="v")
    nodes = {n["id"]: n for n in args["nodes"]}
    assert nodes["Grid:G2"]["label"] == "二网格\n5 户 · 0 明灯户\n⚠ 网格无明灯户"
    # the summary's tooltip names its figures and its worst gap in the page's language
    assert (
        "住户: 5" in nodes["Grid:G2"]["title"]
        and "最突出缺口: 网格无明灯户" in nodes["Grid:G2"]["title"]
    )
    # Opening G1 draws its last mile in place of the summary; its links join the community.
    full = _grid_city()
    opened = aggregate.community_graph(structure, summaries, gaps, {"G1": full})
    assert opened.nodes["Grid:G1"].kind == "Grid" and opened.nodes["Grid:G2"].kind == "summary"
    assert "Household:H00" in opened.nodes and "Platform:PF" in opened.nodes
    assert nv.GEdge("Grid:G1", "Area:C1", "IN_AREA") in opened.edges
    assert len(opened.edges) == len(set(opened.edges))


def test_fold_leaves_folds_households_not_kinds() -> None:
    sg = _grid_city(lighthouses=3, served=6, unserved=3)
    nv.mark_gaps(sg, [{"label": "Household", "id": "U0", "gap": "household_unserved"}])
    assert aggregate.fold_leaves(sg, len(sg.nodes)).graph is sg  # under the cap: as is
    before = {n.kind for n in sg.nodes.values()}
    folded = aggregate.fold_leaves(sg, 20, keep=["Household:H00"])
    out = folded.graph
    assert len(out.nodes) <= 20 and folded.total_nodes == len(sg.nodes)
    assert before <= {n.kind for n in out.nodes.values()}  # every kind still on screen
    assert "Household:U0" in out.nodes and "Household:H00" in out.nodes  # gap, kept
    for key, members in folded.folds.items():
        parent = key.removeprefix("Fold:")
        assert out.nodes[key].kind == "fold" and out.nodes[key].props["households"] == len(members)
        assert nv.GEdge(parent, key, "FOLDED") in out.edges
        assert all(m not in out.nodes for m in members)
    assert all(e.source in out.nodes and e.target in out.nodes for e in out.edges)
    assert "folded" in folded.message()
    # An unfolded fold stays open; lighthouses (not leaves) are never folded.
    again = aggregate.fold_leaves(sg, 20, unfolded=list(folded.folds))
    assert not set(again.folds) & set(folded.folds)
    assert {f"Household:L{i}" for i in range(3)} <= set(out.nodes) & set(again.graph.nodes)


def test_worst_gap_follows_the_gap_weights() -> None:
    assert aggregate.worst_gap([]) is None
    assert aggregate.worst_gap(["request_overdue", "grid_without_lighthouse"]) == (
        "grid_without_lighthouse"
    )
    assert aggregate.worst_gap(["household_unserved", "request_overdue"]) == "household_unserved"


# --------------------------------------------------------------------------- frontend files


def test_frontend_loads_nothing_from_outside_and_never_parses_data_as_html() -> None:
    folder = netgraph.FRONTEND_DIR
    for name in ("index.html", "network.js", "network.css"):
        text = (folder / name).read_text(encoding="utf-8")
        assert external_resources(text) == [], name
    script = (folder / "network.js").read_text(encoding="utf-8")
    assert "innerHTML" not in script and "insertAdjacentHTML" not in script
    assert "document.write" not in script and "eval(" not in script
    index = (folder / "index.html").read_text(encoding="utf-8")
    for src in ("vis-network.min.js", "network.js", "network.css"):
        assert src in index and (folder / src).is_file()


def test_vendored_vis_network_is_pyvis_own_copy() -> None:
    import pyvis

    theirs = Path(pyvis.__file__).parent / "lib" / "vis-9.1.2" / "vis-network.min.js"
    if not theirs.is_file():
        pytest.skip("this pyvis does not ship vis-network 9.1.2")
    ours = netgraph.FRONTEND_DIR / "vis-network.min.js"
    assert (
        hashlib.sha256(ours.read_bytes()).digest() == hashlib.sha256(theirs.read_bytes()).digest()
    )


# --------------------------------------------------------------------------- action lists


def _load(lighthouse: str, building: str, served: dict[str, str]) -> dict[str, Any]:
    return {
        "lighthouse_id": lighthouse,
        "building_id": building,
        "served": [{"household_id": h, "building_id": b} for h, b in served.items()],
    }


def test_rebalance_moves_the_excess_to_room_in_the_same_building_first() -> None:
    loads = [
        _load("L1", "B1", {f"H{i:02d}": ("B1" if i < 10 else "B2") for i in range(13)}),
        _load("L2", "B2", {"X1": "B2"}),
        _load("L3", "B3", {}),
        _load("L4", "B1", {f"Y{i}": "B1" for i in range(10)}),  # full: takes nobody
    ]
    moves, left = actions.rebalance(loads, capacity=10)
    assert [m["household_id"] for m in moves] == ["H10", "H11", "H12"]
    assert all(m["from_lighthouse_id"] == "L1" for m in moves)
    # H10..H12 live in B2, where L2 lives: they go there, not to the emptier L3.
    assert {m["to_lighthouse_id"] for m in moves} == {"L2"}
    assert all(m["same_building"] for m in moves) and left == []
    # Without room anywhere, the excess is left for new lighthouse households.
    moves, left = actions.rebalance(loads[:1] + loads[3:], capacity=10)
    assert moves == [] and [h["household_id"] for h in left] == ["H10", "H11", "H12"]
    action = actions.rebalance_action("G1", loads[:1] + loads[3:], capacity=10)
    assert action is not None and "3 need a new lighthouse" in action.why
    assert actions.rebalance_action("G1", loads[1:3], capacity=10) is None


def test_plan_lists_one_action_per_gap_naming_its_nodes() -> None:
    candidates = [
        {"person_id": "P1", "person_name": "王**", "household_id": "H1", "serves": 2},
        {"person_id": "P2", "person_name": "李**", "household_id": "H2", "serves": 0},
    ]
    overdue = [
        {
            "request_id": "R1",
            "household_id": "H5",
            "category": "养老服务",
            "days_past_deadline": 17,
            "offering": ["PF1"],
        },
        {"request_id": "R2", "household_id": "H6", "days_past_deadline": 3, "offering": []},
    ]
    loads = [_load("L1", "B1", {f"H{i}": "B1" for i in range(12)}), _load("L2", "B1", {})]
    picks = [{"household_id": "H9", "grid_id": "G1", "covers": 3}]
    plan = actions.plan(
        "G1", candidates=candidates, loads=loads, overdue=overdue, picks=picks, capacity=10
    )
    assert [a.code for a in plan] == ["form_branch", "rebalance", "lighthouse_picks", "escalate"]
    branch, rebalance, picked, escalate = plan
    assert branch.nodes == ["P1", "H1", "P2", "H2"]
    assert set(rebalance.nodes) == {"H8", "H9", "L1", "L2"}  # ids in order: H8, H9 last
    assert picked.nodes == ["H9", "G1"]
    assert escalate.rows[0]["escalate_to_platform_id"] == "PF1"
    assert "1 have none" in escalate.why and "R2" in escalate.nodes
    assert actions.plan("G1") == []
