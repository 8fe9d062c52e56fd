"""The explorer's queries against the real Neo4j with the fixture city."""

from __future__ import annotations

import pytest

from gridnet.db import Database
from gridnet.explorer import data, whatif
from gridnet.explorer import network_view as nv
from gridnet.queries import runner
from gridnet.settings import Settings
from tests.explorer.fixture_city import AS_OF, XSS_HOUSEHOLD, XSS_NAME


def _keys(depth: int) -> set[str]:
    return set(nv.subgraph_from_rows(data.lastmile_rows(["G-0001"], depth)).nodes)


def test_lastmile_depth_adds_layers(city: Settings) -> None:
    d1, d2, d3 = _keys(1), _keys(2), _keys(3)
    assert {
        "Grid:G-0001",
        "Area:C1",
        "Organization:O-GB-0001",
        "Building:B-004",
        "Organization:O-BG-001",
        "Platform:PF-001",
        "Organization:O-X-02",
    } <= d1
    assert not any(k.startswith("Household:") for k in d1)
    assert {"Household:H-0001", f"Household:{XSS_HOUSEHOLD}"} <= d2 - d1
    assert {"Person:P-001", "Person:P-004", "ServiceRequest:R-001"} <= d3 - d2
    assert not any(k.startswith("Household:H-01") for k in d3)  # other grids stay out


def test_gap_nodes_find_planted_gaps(city: Settings) -> None:
    rows = data.gap_nodes(["G-0001", "G-0004"], AS_OF)
    found = {(r["grid"], r["gap"], r["id"]) for r in rows}
    assert ("G-0001", "lighthouse_overloaded", "H-0001") in found
    assert ("G-0001", "building_without_group", "B-004") in found
    assert ("G-0001", "household_unserved", XSS_HOUSEHOLD) in found
    assert ("G-0001", "request_overdue", "R-001") in found
    assert ("G-0004", "grid_without_branch", "G-0004") in found
    assert ("G-0004", "grid_without_lighthouse", "G-0004") in found
    assert not any(g == "G-0001" and gap.startswith("grid_") for g, gap, _ in found)


def test_search_by_chinese_name_id_and_hostile_text(city: Settings) -> None:
    hits = data.search("槐荫")
    assert {"C1", "G-0001"} <= {h["id"] for h in hits}
    by_id = data.search("H-0003")
    assert by_id[0]["id"] == "H-0003" and by_id[0]["grid_id"] == "G-0001"
    assert data.search("P-001")[0]["grid_id"] == "G-0001"  # a person resolves to a grid
    assert not {h["id"] for h in data.search("王建国")} & {"P-001", "H-0001"}  # no clear names
    for text in ['a+b"(', "AND", "x:y OR", XSS_NAME, "*"]:
        data.search(text)  # escaped for Lucene: never a parse error
    assert data.search("   ") == []


def test_residents_are_display_forms(city: Settings) -> None:
    sg = nv.subgraph_from_rows(data.lastmile_rows(["G-0001"], 2))
    assert sg.nodes["Household:H-0001"].name == "王**"
    assert sg.nodes["Household:H-0001"].props["phone"] == "138****0000"
    assert sg.nodes["Grid:G-0001"].name == "槐荫一网格"  # public names stay
    hit = [h for h in data.search("H-0001") if h["id"] == "H-0001"][0]
    assert hit["name"] == "王**"


def test_overview_requests_and_coverage(city: Settings) -> None:
    counts = data.overview_counts()
    assert (
        counts["grids"],
        counts["grid_party_branches"],
        counts["building_party_groups"],
        counts["lighthouse_households"],
        counts["households"],
    ) == (4, 3, 6, 4, 29)
    assert counts["open_requests"] == 4 and counts["households_served"] == 24
    assert data.as_of_default().isoformat() == "2013-06-25"
    open_rows = {r["request_id"]: r for r in data.requests_open(AS_OF)}
    assert open_rows["R-003"]["age_days"] == 121 and open_rows["R-003"]["overdue"] is True
    assert open_rows["R-005"]["overdue"] is False
    closed = {r["request_id"]: r for r in data.requests_closed()}
    assert closed["R-004"]["resolution_days"] == pytest.approx(2 + 8 / 24)
    assert closed["R-004"]["on_time"] and not closed["R-006"]["on_time"]
    cov = {r["community_id"]: r for r in data.coverage_by_community()}
    assert cov["C1"]["grids"] == 2 and cov["C3"]["grids_with_branch"] == 0


def test_what_if_on_the_query_layer_projection(
    city: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    G = data.projection(grid="G-0003")
    assert whatif.lost(G, "P-003")["unserved"] == [  # the one member serving G-0003
        {
            "household_id": f"H-020{i}",
            "household_name": G.nodes[f"H-020{i}"]["name"],
            "grid_id": "G-0003",
            "grid_name": "书院一网格",
            "vulnerable": False,
        }
        for i in range(2, 6)
    ]
    c1 = data.projection(community="C1")
    # P-001 lives in lighthouse H-0001: its 11 neighbours keep the lighthouse, lose the member.
    p1 = whatif.lost(c1, "P-001")
    assert p1["unserved"] == [] and len(p1["without_person"]) == 11
    assert len(whatif.lost(c1, "H-0001")["unserved"]) == 11
    assert len(whatif.lost(c1, "H-0002")["unserved"]) == 2
    pf = whatif.lost(c1, "PF-001")
    assert len(pf["without_platform"]) == 21
    assert {(r["grid_id"], r["category_id"]) for r in pf["unmet"]} == {
        ("G-0001", "elder_care"),
        ("G-0002", "elder_care"),
    }
    assert {"P-001", "H-0001", "PF-001"} <= {c["id"] for c in whatif.removable(c1)}
    names = {c["id"]: c["name"] for c in whatif.removable(c1)}
    assert names["P-001"] == "王**" and names["PF-001"] == "槐荫社区党员群众服务中心"


def test_recommendation_via_query_layer(city: Settings) -> None:
    by_building = data.recommendation(None, "C1")
    assert (by_building.before["unserved"], by_building.after["unserved"]) == (2, 1)
    assert [p.household_id for p in by_building.picks] == ["H-0003"]  # P-004's home, B-004
    by_grid = data.recommendation(None, "C1", neighbourhood="grid")
    assert by_grid.after["unserved"] == 0 and by_grid.still_unserved == []
    assert {r["category_id"] for r in by_grid.missing_platforms} == {"employment"}
    assert data.recommendation("G-0004", "C1").scope == {"grid": "G-0004", "community": None}


def test_gap_report_and_detail_via_query_layer(city: Settings) -> None:
    report = {r["grid_id"]: r for r in data.gap_report(AS_OF)}
    assert "grid_without_branch" in report["G-0004"]["gaps"]
    detail = data.gap_detail("G-0001", ["household_unserved"], AS_OF)
    assert XSS_HOUSEHOLD in {r["household_id"] for r in detail["household_unserved"]}


@pytest.mark.parametrize("ret", ["r", "p", "a, r, b"])
def test_console_results_draw_relationships_between_their_ends(
    database: Database, city: Settings, ret: str
) -> None:
    result = runner.run_readonly(
        database,
        f"MATCH p = (a:Household)-[r:SERVES]->(b:Household) WHERE a.id = 'H-0002' RETURN {ret}",
    )
    sg = nv.subgraph_from_result(result.rows)
    ends = [(sg.nodes[e.source], sg.nodes[e.target]) for e in sg.edges]
    assert {e.type for e in sg.edges} == {"SERVES"} and len(ends) == 2
    if ret == "r":  # ends not returned: one shared source, two distinct targets
        assert len({s.key for s, _ in ends}) == 1 and len({t.key for _, t in ends}) == 2
    else:
        assert {(s.id, t.id) for s, t in ends} == {("H-0002", "H-0014"), ("H-0002", "H-0015")}
        assert all(s.kind == "lighthouse" and t.kind == "household" for s, t in ends)
