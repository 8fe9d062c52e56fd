"""The explorer's queries against the real Neo4j with the fixture city."""

from __future__ import annotations

import pytest

from gridnet.explorer import data
from gridnet.explorer import network_view as nv
from gridnet.settings import Settings
from tests.explorer.fixture_city import AS_OF, XSS_HOUSEHOLD, XSS_NAME


@pytest.fixture(autouse=True)
def _show_personal(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GRIDNET_SHOW_PERSONAL", "1")


def _keys(depth: int) -> set[str]:
    return set(nv.subgraph_from_rows(data.lastmile_rows(["G-0001"], depth)).nodes)


def test_lastmile_depth_adds_layers(city: Settings) -> None:
    d1, d2, d3 = _keys(1), _keys(2), _keys(3)
    assert {"Grid:G-0001", "Area:C1", "Organization:O-GB-0001", "Building:B-004",
            "Organization:O-BG-001", "Platform:PF-001", "Organization:O-X-02"} <= d1
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
    assert data.search("王建国")[0]["grid_id"] == "G-0001"  # a person resolves to a grid
    for text in ['a+b"(', "AND", "x:y OR", XSS_NAME, "*"]:
        data.search(text)  # escaped for Lucene: never a parse error
    assert data.search("   ") == []


def test_personal_data_is_masked_unless_configured(city: Settings,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GRIDNET_SHOW_PERSONAL", "0")
    sg = nv.subgraph_from_rows(data.lastmile_rows(["G-0001"], 2))
    assert sg.nodes["Household:H-0001"].name == "王**"
    assert sg.nodes["Household:H-0001"].props["phone"] == "138****0000"
    assert sg.nodes["Grid:G-0001"].name == "槐荫一网格"  # public names stay
    hit = [h for h in data.search("H-0001") if h["id"] == "H-0001"][0]
    assert hit["name"] == "王**"


def test_overview_requests_and_coverage(city: Settings) -> None:
    counts = data.overview_counts()
    assert (counts["grids"], counts["grid_party_branches"], counts["building_party_groups"],
            counts["lighthouse_households"], counts["households"]) == (4, 3, 6, 4, 29)
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


def test_what_if_remove(city: Settings) -> None:
    lost = data.what_if_remove("Person", "P-003")  # the one member serving G-0003
    assert {r["household_id"] for r in lost} == {"H-0202", "H-0203", "H-0204", "H-0205"}
    # P-001 is the only member living in lighthouse H-0001: its 11 neighbours lose it.
    assert len(data.what_if_remove("Person", "P-001")) == 11
    assert len(data.what_if_remove("Household", "H-0002")) == 2
    assert data.what_if_remove("Person", "P-004") == []
    gone = data.what_if_remove("Platform", "PF-001")
    assert {(r["grid_id"], r["category_id"]) for r in gone} == {("G-0001", "elder_care"),
                                                               ("G-0002", "elder_care")}
    cands = data.whatif_candidates("C1")
    assert {"P-001", "H-0001", "PF-001"} <= {c["id"] for c in cands}


def test_gap_report_and_detail_via_query_layer(city: Settings) -> None:
    report = {r["grid_id"]: r for r in data.gap_report(AS_OF)}
    assert "grid_without_branch" in report["G-0004"]["gaps"]
    detail = data.gap_detail("G-0001", ["household_unserved"], AS_OF)
    assert XSS_HOUSEHOLD in {r["household_id"] for r in detail["household_unserved"]}
