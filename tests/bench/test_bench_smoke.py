"""`gridnet bench` end to end at a tiny scale: the JSON has its keys and sane values.

Not a timing test: figures on a shared machine vary too much to assert on.
"""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from gridnet import db
from gridnet.bench.commands import bench_cmd
from gridnet.settings import Settings

REQUIRED = (
    "load_rows_per_s",
    "naive_rows_per_s",
    "speedup_vs_naive",
    "gap_report_s",
    "gap_report_live_s",
    "gap_rollup_refresh_s",
    "per_grid_max_median_s",
    "network_view_s",
    "reach_s",
    "siting_s",
    "siting_target_s",
    "analytics_city_s",
    "peak_rss_mb",
    "machine",
    "scales",
)


def test_bench_smoke_json(database: db.Database, empty_graph: Settings, tmp_path: Path) -> None:
    runner = CliRunner()
    result = runner.invoke(
        bench_cmd,
        [
            "--households",
            "2000",
            "--naive-rows",
            "200",
            "--repeats",
            "1",
            "--json",
            "--skip-import",
            "--skip-bulk",  # it stops the server: tests/loaders/test_load_initial.py runs it
            "--no-restart",
            "--privacy-migrate",
            "--data-dir",
            str(tmp_path / "data"),
            "--results-dir",
            str(tmp_path / "results"),
        ],
    )
    assert result.exit_code == 0, result.output + str(result.exception)
    out = json.loads(result.stdout)  # exactly one JSON object on stdout
    for key in REQUIRED:
        assert key in out, key
    assert out["load_rows_per_s"] > 0 and out["naive_rows_per_s"] > 0
    assert out["speedup_vs_naive"] > 0 and out["gap_report_s"] > 0
    # the example city, end to end through `gridnet load` into the emptied database
    assert out["small_city"]["ok"] and out["small_city"]["rows"] > 100
    assert out["small_city_load_s"] == out["small_city"]["seconds"] > 0
    scale = out["scales"][0]
    assert scale["households"] >= 1500
    load = scale["load"]
    assert load["rows_rejected"] == 0
    assert load["rows"] == scale["dataset_rows"]
    assert load["nodes"] > 0 and load["relationships"] > 0
    assert 0 < load["peak_rss_mb"] < 4096
    assert {"households", "service_requests"} <= set(load["tables"])
    assert all(t["rows_per_s"] >= 0 for t in load["tables"].values())
    assert "gap_report" in scale["queries"] and "gap_report@grid" in scale["queries"]
    # the report is timed from the rollups refreshed for the bench's day, and live beside it
    assert scale["gap_rollup_refresh"]["fresh"] and out["gap_report_live_s"] > 0
    assert scale["gap_report"]["grids"] == scale["gap_report_live"]["grids"] > 0
    assert load["refresh_seconds"] > 0
    assert all(q["median_s"] > 0 for q in scale["queries"].values())
    assert scale["network_view"]["nodes"] > 0
    # walking reach over every located household x category, one community's siting
    assert scale["reach"]["located"] > 0 and scale["reach"]["categories"] == 12
    assert out["reach_s"] == scale["reach"]["seconds"] > 0
    siting = scale["siting"]
    assert siting["households"] > 0 and siting["candidates"] > 0
    assert siting["covered_before"] <= siting["covered_after"] <= siting["households"]
    target = scale["siting_target"]
    assert (target["households"], target["candidates"]) == (1500, 200)
    assert target["covered_before"] <= target["greedy_after"] <= target["covered_after"]
    # city-wide analytics from the database to the results, every household reached
    city = scale["analytics_city"]
    assert out["analytics_city_s"] == city["seconds"] > 0
    assert city["households"] == scale["households"] and city["care_ties"] > 0
    assert city["seconds"] >= city["read_seconds"] > 0
    # The Network page's picture, settled in headless Chromium: physics off, nothing moves.
    settled = scale["network_settle"]
    assert 0 < out["network_settle_s_max"] == settled["network_settle_s_max"]
    assert 1 <= len(settled["grids"]) <= 10
    assert all(g["moved_px_after"] == 0 and g["nodes"] > 0 for g in settled["grids"].values())
    assert out["network_community_built_and_settled_s"] > 0
    assert out["naive"]["rows"] > 50
    residents = load["tables"]["households"]["rows"] + load["tables"]["people"]["rows"]
    assert scale["pseudonymise"]["rows"] == residents
    assert 0 < scale["pseudonymise"]["share_of_load"] < 1
    assert scale["migrate"]["nodes"] == residents and scale["migrate"]["clear_after"] == []
    assert Path(out["results_file"]).is_file()
    # The naive sample is deleted again: the graph holds what the loader wrote.
    left = database.read("MATCH (h:Household) WHERE h.id STARTS WITH 'NAIVE-' RETURN count(h) AS n")
    assert left[0]["n"] == 0


def test_catalog_sweep_keeps_only_the_queries_asked_for(
    database: db.Database, empty_graph: Settings
) -> None:
    import datetime as dt

    from gridnet.bench import latency

    ids = latency.pick_ids(database)
    day = dt.date(2026, 6, 30)
    every = latency.catalog_latency(database, ids, 1, day, lambda _: None)
    only = latency.catalog_latency(database, ids, 1, day, lambda _: None, ("gap_report", "graph_"))
    assert "gap_report" in only and len(every) > len(only)
    assert all(name.startswith(("gap_report", "graph_")) for name in only)
    assert only.keys() <= every.keys()
