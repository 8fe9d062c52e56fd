"""Every gap query on the small fixture city, against hand-computed answers."""

from __future__ import annotations

import datetime as dt

import pytest

from gridnet.queries import gaps
from tests.queries.conftest import AS_OF, hits_per_grid
from tests.queries.expected import EXPECTED, REPORT


def _keys(code: str, rows: list[dict]) -> set:
    if code == "community_missing_org_types":
        return {(r["community_id"], tuple(sorted(r["missing_types"]))) for r in rows}
    return gaps.keys(code, rows)


@pytest.mark.parametrize("code", gaps.GAP_CODES)
def test_gap_query_finds_exactly_the_planted_set(database, small_city, code):
    rows = gaps.find(database, code, as_of=AS_OF)
    assert _keys(code, rows) == EXPECTED[code]


@pytest.mark.unit
def test_every_gap_code_has_expectations():
    assert set(EXPECTED) == set(gaps.GAP_CODES)


@pytest.mark.parametrize(
    ("scope", "expected"),
    [
        ({}, {"H5", "H8", "H22"}),
        ({"district": "D1"}, {"H5", "H8", "H22"}),
        ({"district": "S1"}, {"H5", "H8", "H22"}),
        ({"district": "D2"}, set()),
        ({"community": "C1"}, {"H5"}),
        ({"community": "V1"}, {"H22"}),
        ({"grid": "G3"}, {"H8"}),
        ({"grid": "G4", "community": "C1"}, set()),
        ({"grid": "G4", "district": "D1"}, {"H22"}),
        ({"grid": "nope"}, set()),
    ],
)
def test_scope_parameters(database, small_city, scope, expected):
    rows = gaps.find(database, "household_unserved", **scope)
    assert {r["household_id"] for r in rows} == expected


def test_community_scope_of_community_gap(database, small_city):
    rows = gaps.find(database, "community_missing_org_types", grid="G6")
    assert [r["community_id"] for r in rows] == ["C2"]
    assert gaps.find(database, "community_missing_org_types", community="C1") == []


def test_max_served_and_as_of_parameters(database, small_city):
    assert gaps.find(database, "lighthouse_overloaded", max_served=12) == []
    rows = gaps.find(database, "lighthouse_overloaded", max_served=11)
    assert [(r["household_id"], r["served"]) for r in rows] == [("H9", 12)]
    early = gaps.find(database, "request_overdue", as_of="2024-05-01")
    assert {r["request_id"] for r in early} == {"R1"}
    late = gaps.find(database, "request_overdue", as_of="2030-01-01")
    assert {r["request_id"] for r in late} == {"R1", "R3", "R4", "R6"}
    today = gaps.find(database, "request_overdue")  # as_of defaults to today
    assert {"R1", "R4", "R6"} <= {r["request_id"] for r in today}


def test_gap_report_rows(database, small_city):
    rows = gaps.gap_report(database, as_of=AS_OF)
    by_grid = {r["grid_id"]: r for r in rows}
    assert set(by_grid) == set(REPORT)
    hits = hits_per_grid(database, rows, as_of=AS_OF)  # the per-gap queries, counted
    for grid, (codes, points, level) in REPORT.items():
        row = by_grid[grid]
        assert set(row["gaps"]) == codes, grid
        assert row["score"] == points, grid
        assert row["severity"] == level, grid
        assert {code for code, n in hits[grid].items() if n} == codes, grid
        assert gaps.score(hits[grid]) == row["score"], grid
        assert gaps.severity(row["score"]) == row["severity"]
    g1 = by_grid["G1"]
    assert (
        g1["households"],
        g1["unserved_households"],
        g1["buildings_without_group"],
        g1["overdue_requests"],
        g1["unmet_categories"],
    ) == (5, 1, 1, 1, ["legal_aid"])
    assert by_grid["G2"]["single_point_person"] == "P3"
    assert by_grid["G4"]["overloaded_lighthouses"] == 1
    assert by_grid["G3"]["missing_org_types"] == ["mass", "social", "mutual_aid"]
    assert [r["score"] for r in rows] == sorted((r["score"] for r in rows), reverse=True)


def test_gap_report_only_gaps_and_scope(database, small_city):
    rows = gaps.gap_report(database, as_of=AS_OF, only_gaps=True)
    assert "G7" not in {r["grid_id"] for r in rows} and len(rows) == 6
    scoped = gaps.gap_report(database, community="C2", as_of=AS_OF)
    assert {r["grid_id"] for r in scoped} == {"G3", "G6"}


def test_report_agrees_with_per_code_queries(database, small_city):
    report = gaps.gap_report(database, as_of=AS_OF)
    grid_codes = {
        "grid_without_branch",
        "grid_without_lighthouse",
        "funds_without_roots",
        "grid_single_point",
    }
    for code in grid_codes:
        from_report = {r["grid_id"] for r in report if code in r["gaps"]}
        assert from_report == gaps.keys(code, gaps.find(database, code, as_of=AS_OF))
    unmet = {(r["grid_id"], c) for r in report for c in r["unmet_categories"]}
    assert unmet == EXPECTED["category_unmet"]


def test_funds_count_funding_of_the_year_of_as_of_and_before(database, small_city):
    """C1 has funding of 2013; C2 of 2013 and 2014 (fixtures/small_city.cypher)."""

    def funds(as_of: dt.date) -> dict[str, tuple[float, int]]:
        rows = gaps.find(database, "funds_without_roots", as_of=as_of)
        return {r["grid_id"]: (r["funding_yuan"], r["fundings"]) for r in rows}

    assert funds(dt.date(2012, 12, 31)) == {}  # nothing allocated yet
    assert funds(dt.date(2013, 6, 1)) == {"G3": (150000.0, 1), "G5": (120000.0, 1)}
    assert funds(AS_OF) == {"G3": (270000.0, 2), "G5": (120000.0, 1)}
    before = {r["grid_id"]: r for r in gaps.gap_report(database, as_of=dt.date(2012, 12, 31))}
    after = {r["grid_id"]: r for r in gaps.gap_report(database, as_of=dt.date(2013, 1, 1))}
    for grid in ("G3", "G5"):
        assert not before[grid]["funds_without_roots"]
        assert "funds_without_roots" not in before[grid]["gaps"]
        assert after[grid]["funds_without_roots"] and "funds_without_roots" in after[grid]["gaps"]
        weight = gaps.GAPS["funds_without_roots"].weight
        assert after[grid]["score"] - before[grid]["score"] == weight, grid
