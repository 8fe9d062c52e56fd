"""The gap report read from its rollups equals the live query, on the fixture city and
the generated Xiaogan city, for every scope, only_gaps, as_of and max_served; anything
else than a fresh refresh of the same day and capacity runs live; `gridnet check`
finds drift planted by hand."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from click.testing import CliRunner

from gridnet.cli import main
from gridnet.db import Database
from gridnet.queries import catalog, compose, rollup, runner
from gridnet.queries.gap_rules import MAX_SERVED
from tests.queries.conftest import AS_OF

SMALL_SCOPES: list[dict[str, Any]] = [
    {},
    {"district": "D1"},
    {"district": "S1"},
    {"district": "D2"},
    {"community": "C1"},
    {"community": "V1"},
    {"grid": "G3"},
    {"grid": "G4", "district": "D1"},
    {"grid": "nope"},
]


def _answered(db: Database, params: dict[str, Any]) -> bool:
    """Whether the rollups answer a report with these prepared parameters."""
    prepared = catalog.prepare(db, catalog.get("gap_report"), params)
    with db.session(read_only=True) as s:
        return bool(s.execute_read(lambda tx: rollup.fresh(tx, prepared)))


def _both(db: Database, params: dict[str, Any]) -> tuple[runner.Result, runner.Result]:
    """(the catalog's answer, the live query's answer) for the same parameters."""
    spec = catalog.get("gap_report")
    prepared = catalog.prepare(db, spec, params)
    read = catalog.run(db, spec, params, timeout=0)
    live = runner.execute_read(db, compose.gap_report(), prepared, timeout=0)
    return read, live


def _same(read: runner.Result, live: runner.Result) -> None:
    assert read.columns == live.columns
    assert read.rows == live.rows


def test_fixture_city_rollups_equal_the_live_report(database, small_city):
    assert rollup.state(database) is None  # written by raw Cypher: no rollups, live
    assert not _answered(database, {"as_of": AS_OF})
    done = rollup.refresh(database, AS_OF, batch_size=2)
    assert done.fresh and done.grids == 7
    for scope in SMALL_SCOPES:
        for only_gaps in (False, True):
            params = {**scope, "as_of": AS_OF, "only_gaps": only_gaps}
            assert _answered(database, params), params
            _same(*_both(database, params))
    # another day, another capacity, or stale: live, and still the same rows
    for params in (
        {"as_of": dt.date(2030, 1, 1)},
        {"as_of": AS_OF, "max_served": 11},
        {},
    ):
        assert not _answered(database, params)
        read, live = _both(database, params)
        _same(read, live)
    assert {r[0] for r in _both(database, {"as_of": AS_OF, "max_served": 11})[0].rows}
    rollup.mark_stale(database)
    assert not _answered(database, {"as_of": AS_OF})
    _same(*_both(database, {"as_of": AS_OF}))


def test_a_grid_without_a_rollup_is_answered_live(database, small_city):
    rollup.refresh(database, AS_OF)
    assert _answered(database, {"as_of": AS_OF})
    # a grid written by hand after the refresh (no write path marked anything)
    database.write("MERGE (:Grid {id: 'G-HAND', name: 'by hand'})")
    try:
        assert not _answered(database, {"as_of": AS_OF})
        read, live = _both(database, {"as_of": AS_OF})
        _same(read, live)
        assert "G-HAND" in {r[0] for r in read.rows}
        assert _answered(database, {"as_of": AS_OF, "community": "C1"})
    finally:
        database.write("MATCH (g:Grid {id: 'G-HAND'}) DETACH DELETE g")
    assert rollup.refresh(database, AS_OF).pruned == 0


def test_check_reports_planted_drift_and_fix_repairs_it(database, small_city):
    rollup.refresh(database, AS_OF)
    clean = CliRunner().invoke(main, ["check"], catch_exceptions=False)
    assert clean.exit_code == 0 and "no drift" in clean.output
    database.write("MATCH (r:GapRollup {grid_id: 'G3'}) SET r.score = r.score + 100")
    database.write("MATCH (r:GapRollup {grid_id: 'G5'}) SET r.gaps = ['invented']")
    database.write("CREATE (:GapRollup {grid_id: 'G-GONE', score: 1})")
    drifted = CliRunner().invoke(main, ["check"], catch_exceptions=False)
    assert drifted.exit_code == 1
    assert "grid G3: score stored" in drifted.output
    assert "grid G5: gaps stored ['invented']" in drifted.output
    assert "grid G-GONE: a rollup, but no such grid" in drifted.output
    assert "3 place(s)" in drifted.output
    fixed = CliRunner().invoke(main, ["check", "--fix"], catch_exceptions=False)
    assert fixed.exit_code == 1 and "refreshed" in fixed.output
    again = CliRunner().invoke(main, ["check"], catch_exceptions=False)
    assert again.exit_code == 0 and "no drift" in again.output


def test_refresh_command_refreshes_for_its_day(database, small_city):
    result = CliRunner().invoke(
        main, ["refresh", "--as-of", "2024-06-01", "--max-served", "11"], catch_exceptions=False
    )
    assert result.exit_code == 0 and "7 grid(s) for 2024-06-01" in result.output
    assert _answered(database, {"as_of": AS_OF, "max_served": 11})
    assert not _answered(database, {"as_of": AS_OF, "max_served": MAX_SERVED})
    _same(*_both(database, {"as_of": AS_OF, "max_served": 11}))


@pytest.fixture
def xiaogan(xiaogan_graph):
    return {**xiaogan_graph, "as_of_date": dt.date.fromisoformat(xiaogan_graph["as_of"])}


def test_xiaogan_rollups_equal_the_live_report(database, xiaogan):
    as_of = xiaogan["as_of_date"]
    done = rollup.refresh(database, as_of)
    assert done.fresh and done.grids == xiaogan["counts"]["grids"]
    ids = database.read(
        "MATCH (g:Grid)-[:IN_AREA]->(c:Area)-[:PART_OF]->(s:Area) "
        "RETURN g.id AS grid, c.id AS community, s.id AS street ORDER BY grid LIMIT 1"
    )[0]
    district = database.read(
        "MATCH (:Area {id: $street})-[:PART_OF]->(d:Area) RETURN d.id AS id",
        {"street": ids["street"]},
    )[0]["id"]
    scopes = [
        {},
        {"district": district},
        {"district": ids["street"]},
        {"community": ids["community"]},
        {"grid": ids["grid"]},
    ]
    for scope in scopes:
        for only_gaps in (False, True):
            params = {**scope, "as_of": as_of, "only_gaps": only_gaps}
            assert _answered(database, params), params
            read, live = _both(database, params)
            _same(read, live)
            assert read.rows or scope.get("grid") is None
    assert not _answered(database, {"as_of": as_of, "max_served": 3})
    _same(*_both(database, {"as_of": as_of, "max_served": 3}))
