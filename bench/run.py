"""The benchmark: generate, load, query, compare, at several scales; one JSON result.

For each number of households the generator makes a city (about 35,000
households per scale unit), the database is emptied, and the dataset is loaded
by `load_path` in a child process whose memory is watched. Then every catalog
query, the full gap report and the explorer's network view of the largest
community are timed warm. Neo4j's offline importer loads the same data into a
throwaway database as the upper bound, and the bulk first load (`gridnet load
--initial`, which uses that importer) loads it again into the emptied database;
a naive loader (one transaction per
row) writes a sample into the largest database as the lower bound.
"""

from __future__ import annotations

import datetime as dt
import json
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from gridnet.bench import (
    firstpaint,
    latency,
    naive,
    offline,
    privacy,
    reach,
    settle,
    smallcity,
)
from gridnet.bench.loadproc import run_child
from gridnet.bench.server import counts, empty_database, load_average, log, machine
from gridnet.db import Database
from gridnet.loaders import synthetic
from gridnet.settings import REPO_ROOT, Settings

HOUSEHOLDS_PER_SCALE = 35_000
DEFAULT_HOUSEHOLDS = (10_000, 100_000)
RESULTS_DIR = REPO_ROOT / "bench" / "results"
# Tables whose rows the naive loader writes: the speedup is also given on these alone.
NAIVE_TABLES = ("households", "service_ties", "service_requests")


@dataclass
class BenchConfig:
    """What to run; the defaults are what `gridnet bench` runs."""

    households: tuple[int, ...] = DEFAULT_HOUSEHOLDS
    seed: int = 7
    repeats: int = 5
    naive_rows: int = 3000
    skip_naive: bool = False
    skip_import: bool = False
    skip_bulk: bool = False
    """Leave out the bulk first load (`gridnet load --initial`; needs the local server)."""
    skip_queries: bool = False
    skip_small: bool = False
    """Leave out the small city loaded end to end (`bench/smallcity.py`)."""
    skip_browser: bool = False
    """Leave out the browser figures (network settle, page first paint) in headless Chromium."""
    queries: tuple[str, ...] = ()
    """Catalog queries to time, by name prefix (empty: every one)."""
    privacy_migrate: bool = False
    """Also time `gridnet privacy migrate` of the largest city made clear again."""
    batch_size: int | None = None
    restart: bool = True
    """Empty the local server by deleting its store (fast, cold); else DETACH DELETE."""
    data_dir: Path | None = None
    results_dir: Path | None = RESULTS_DIR
    as_of: dt.date = field(default_factory=lambda: dt.date(2026, 6, 30))


def scale_for(households: int) -> float:
    """Generator scale for about `households` households."""
    return max(synthetic.MIN_SCALE, households / HOUSEHOLDS_PER_SCALE)


def _dataset(
    config: BenchConfig, settings: Settings, households: int
) -> tuple[Path, dict[str, Any]]:
    """Generate (or reuse) the dataset for `households`; returns its folder and manifest."""
    base = config.data_dir or settings.home / "bench-data"
    folder = base / f"h{households}-seed{config.seed}"
    manifest_path = folder / "manifest.json"
    scale = scale_for(households)
    if manifest_path.is_file():
        manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
        if manifest.get("scale") == scale and manifest.get("seed") == config.seed:
            log(f"reusing {folder}")
            return folder, {**manifest, "generate_seconds": None}
    started = time.perf_counter()
    manifest = synthetic.generate_to_dir(
        folder, preset="xiaogan", seed=config.seed, scale=scale, as_of=config.as_of
    )
    seconds = time.perf_counter() - started
    log(f"generated {sum(manifest['counts'].values()):,} rows in {seconds:.1f}s into {folder}")
    return folder, {**manifest, "generate_seconds": round(seconds, 2)}


def _rate(count: float, seconds: float) -> float:
    return round(count / seconds, 1) if seconds > 0 else 0.0


def _load_figures(child: Any) -> dict[str, Any]:
    """Per-table and total throughput from the child's LoadSummary."""
    result = child.result
    summary = result["summary"]
    tables = {}
    for name, t in summary["tables"].items():
        tables[name] = {
            "rows": t["rows"],
            "nodes": t["nodes_created"],
            "relationships": t["relationships_created"],
            "seconds": round(t["seconds"], 3),
            "rows_per_s": _rate(t["rows"], t["seconds"]),
            "nodes_per_s": _rate(t["nodes_created"], t["seconds"]),
            "relationships_per_s": _rate(t["relationships_created"], t["seconds"]),
        }
    totals = summary["totals"]
    wall = result["seconds"]
    write = result["write_seconds"]
    same = [tables[n] for n in NAIVE_TABLES if n in tables]
    return {
        "rows": totals["rows"],
        "rows_rejected": result["rows_rejected"],
        "nodes": totals["nodes_created"],
        "relationships": totals["relationships_created"],
        "seconds": round(wall, 3),
        "validate_seconds": result["validate_seconds"],
        "write_seconds": write,
        "refresh_seconds": result.get("refresh_seconds"),
        "child_wall_seconds": round(child.wall_seconds, 3),
        "rows_per_s": _rate(totals["rows"], wall),
        "write_rows_per_s": _rate(totals["rows"], write),
        "nodes_per_s": _rate(totals["nodes_created"], wall),
        "relationships_per_s": _rate(totals["relationships_created"], wall),
        "naive_tables_rows_per_s": _rate(
            sum(t["rows"] for t in same), sum(t["seconds"] for t in same)
        ),
        "batch_size": summary["batch_size"],
        "peak_rss_mb": child.peak_rss_mb,
        "rss_samples_mb": child.rss_samples_mb,
        "tables": tables,
    }


def run_scale(config: BenchConfig, settings: Settings, households: int) -> dict[str, Any]:
    """Everything measured at one scale."""
    folder, manifest = _dataset(config, settings, households)
    out: dict[str, Any] = {
        "households": manifest["counts"].get("households", 0),
        "target_households": households,
        "scale": manifest["scale"],
        "dataset_rows": sum(manifest["counts"].values()),
        "dataset": str(folder),
        "generate_seconds": manifest.get("generate_seconds"),
    }
    empty_database(settings, restart=config.restart)
    out["load_average_before"] = load_average()
    log(f"loading {out['dataset_rows']:,} rows ({out['households']:,} households)")
    child = run_child(folder, folder.parent / f"load-{households}.json", config.batch_size)
    out["load"] = _load_figures(child)
    out["load_average_after_load"] = load_average()
    with Database.connect(settings) as database:
        _measure(config, database, folder, households, out)
    if not config.skip_bulk:
        out["bulk"] = bulk_figures(
            settings, folder, households, out.get("import"), restart=config.restart
        )
    out["load_average_after"] = load_average()
    return out


def bulk_figures(
    settings: Settings,
    folder: Path,
    households: int,
    imported: dict[str, Any] | None = None,
    restart: bool = True,
    env: dict[str, str] | None = None,
) -> dict[str, Any]:
    """The bulk first load of `folder` into the emptied local database, in a child.

    `bulk_vs_import` divides its end-to-end rate (read, check, files, server stopped,
    import, server started, schema, rollups) by the bare importer's (`imported`).
    `env` is the child's environment (default: this process's), naming `settings`.
    """
    if not settings.uses_local_server:
        log("bulk first load not measured: it needs the local server (NEO4J_URI is set)")
        return {"ok": False, "message": "needs the local server"}
    empty_database(settings, restart=restart)
    log("bulk first load (gridnet load --initial)")
    child = run_child(folder, folder.parent / f"bulk-{households}.json", env=env, initial=True)
    result = child.result
    summary = result["summary"]
    rows = summary["totals"]["rows"]
    figures: dict[str, Any] = {
        "ok": True,
        "rows": rows,
        "seconds": result["seconds"],
        "rows_per_s": _rate(rows, result["seconds"]),
        "validate_seconds": result["validate_seconds"],
        "write_seconds": result["write_seconds"],
        "refresh_seconds": result["refresh_seconds"],
        "phases": summary.get("phases", {}),
        "nodes": summary["totals"]["nodes_created"],
        "relationships": summary["totals"]["relationships_created"],
        "peak_rss_mb": child.peak_rss_mb,
        "bulk_vs_import": None,
    }
    if imported and imported.get("ok") and imported.get("rows_per_s"):
        figures["bulk_vs_import"] = round(figures["rows_per_s"] / imported["rows_per_s"], 4)
    phases = ", ".join(f"{k} {v:.1f}s" for k, v in figures["phases"].items())
    log(
        f"bulk first load: {figures['seconds']:.1f}s ({figures['rows_per_s']:,.0f} rows/s; "
        f"validate {figures['validate_seconds']:.1f}s, {phases}, rollups "
        f"{figures['refresh_seconds']:.1f}s); bulk / import = {figures['bulk_vs_import']}"
    )
    return figures


def _measure(
    config: BenchConfig, database: Database, folder: Path, households: int, out: dict[str, Any]
) -> None:
    """What is measured on the loaded database, through one handle."""
    out["graph"] = counts(database)
    load = out["load"]
    cost = privacy.pseudonymise_cost(folder)
    cost["share_of_load"] = round(cost["seconds"] / load["seconds"], 4)
    out["pseudonymise"] = cost
    log(
        f"pseudonymising {cost['rows']:,} residents' rows alone: {cost['seconds']:.1f}s = "
        f"{cost['share_of_load']:.1%} of the load's wall time"
    )
    log(
        f"loaded in {load['seconds']:.1f}s ({load['rows_per_s']:,.0f} rows/s end to end, "
        f"validate {load['validate_seconds']:.1f}s, write {load['write_seconds']:.1f}s); "
        f"peak RSS {load['peak_rss_mb']:.0f} MB"
    )
    if not config.skip_queries:
        ids = latency.pick_ids(database)
        out["ids"] = {k: v for k, v in ids.items() if k != "community_grids"}
        log("catalog queries (warm):")
        out["gap_rollup_refresh"] = latency.gap_rollup_refresh(database, config.as_of)
        refreshed = out["gap_rollup_refresh"]
        log(
            f"gap report rollups refreshed for {config.as_of}: "
            f"{refreshed['seconds']:.1f}s ({refreshed['grids']} grids)"
        )
        out["queries"] = latency.catalog_latency(
            database, ids, config.repeats, config.as_of, log, config.queries
        )
        out["gap_report"] = latency.gap_report_latency(database, config.repeats, config.as_of)
        out["gap_report_live"] = latency.gap_report_latency(
            database, config.repeats, config.as_of, live=True
        )
        log(
            f"gap report: median {out['gap_report']['median_s']:.3f}s from the rollups, "
            f"{out['gap_report_live']['median_s']:.3f}s live "
            f"({out['gap_report']['grids']} grids)"
        )
        out["snapshot"] = latency.snapshot_time(database, config.as_of)
        snap = out["snapshot"]
        log(
            f"snapshot 缺口快照: {snap['seconds']:.2f}s for {snap['findings']:,} findings "
            f"(then {snap['again_seconds']:.2f}s for the same date again: nothing new)"
        )
        out["network_view"] = latency.network_view_latency(
            database, ids, config.repeats, config.as_of
        )
        if out["network_view"]:
            log(
                f"network view of {out['network_view']['community']}: median "
                f"{out['network_view']['median_s']:.3f}s"
            )
        if not config.skip_browser:
            log("network view settled in headless Chromium (10 largest grids, largest community):")
            try:
                out["network_settle"] = settle.network_settle(
                    database.settings, ids, config.as_of, log=log
                )
            except Exception as exc:  # noqa: BLE001 - no browser on this machine
                out["network_settle"] = {"error": str(exc)}
                log(f"network settle not measured: {exc}")
            log("explorer pages, first meaningful paint in headless Chromium (zh):")
            try:
                out["first_paint"] = firstpaint.page_first_paint(log=log)
            except Exception as exc:  # noqa: BLE001 - no browser on this machine
                out["first_paint"] = {"error": str(exc)}
                log(f"page first paint not measured: {exc}")
        out.update(reach.reach_figures(database))
        r = out["reach"]
        log(
            f"reach: {r['located']:,} located households x {r['categories']} categories in "
            f"{r['seconds']:.2f}s ({r['out_of_reach_pairs']} grid x category pairs out of reach)"
        )
        if "siting" in out:
            s = out["siting"]
            log(
                f"siting {s['category']} in {s['community']} ({s['households']:,} households, "
                f"{s['candidates']} candidates, add {s['add']}): {s['seconds']:.2f}s"
            )
        t = out["siting_target"]
        log(
            f"siting at the target size ({t['households']:,} households at distinct points, "
            f"{t['candidates']} candidates, add {t['add']}): {t['seconds']:.2f}s"
        )
        out["analytics_city"] = latency.analytics_city_time(database)
        a = out["analytics_city"]
        log(
            f"city-wide analytics (reach, articulation, load balance): {a['seconds']:.1f}s "
            f"(read {a['read_seconds']:.1f}s, compute {a['compute_seconds']:.1f}s; "
            f"{a['households']:,} households, {a['articulation_points']:,} articulation "
            f"points, {a['bridges']:,} bridges)"
        )
        per_grid = [q["median_s"] for q in out["queries"].values() if q["per_grid"]]
        out["per_grid_max_median_s"] = max(per_grid) if per_grid else None
    if not config.skip_import:
        log("offline importer (neo4j-admin database import full)")
        try:
            imported = offline.run_import(folder, database.settings).as_dict()
        except Exception as exc:  # noqa: BLE001 - the upper bound is optional
            imported = {"ok": False, "message": str(exc)}
        if imported.get("ok"):
            imported["ours_vs_import"] = (
                round(load["rows_per_s"] / imported["rows_per_s"], 4)
                if imported["rows_per_s"]
                else None
            )
            log(
                f"import: {imported['rows_per_s']:,.0f} rows/s "
                f"(import {imported['import_seconds']:.1f}s + convert "
                f"{imported['convert_seconds']:.1f}s); ours is "
                f"{imported['ours_vs_import']:.2f}x of it"
            )
        else:
            log(f"import failed: {imported.get('message')}")
        out["import"] = imported
    if config.privacy_migrate and households == max(config.households):
        log("privacy migrate: the city's residents written back in clear, then migrated")
        out["migrate"] = privacy.migrate_figures(database, folder)
        log(
            f"migrated {out['migrate']['nodes']:,} nodes in {out['migrate']['seconds']:.1f}s "
            f"({out['migrate']['nodes_per_s']:,.0f}/s); clear after: "
            f"{out['migrate']['clear_after'] or 'none'}"
        )


def run_bench(config: BenchConfig, settings: Settings) -> dict[str, Any]:
    """Run every scale, then the naive sample on the largest; returns the result object."""
    started = time.perf_counter()
    result: dict[str, Any] = {
        "started": dt.datetime.now().isoformat(timespec="seconds"),
        "config": {
            "households": list(config.households),
            "seed": config.seed,
            "repeats": config.repeats,
            "naive_rows": config.naive_rows,
            "batch_size": config.batch_size,
            "restart": config.restart,
        },
        "load_average_start": load_average(),
    }
    if not config.skip_small:
        result["small_city"] = smallcity.small_city_load(settings, restart=config.restart)
        if result["small_city"]["ok"]:
            result["small_city_load_s"] = result["small_city"]["seconds"]
    scales = []
    for households in sorted(config.households):
        log(f"=== {households:,} households ===")
        scales.append(run_scale(config, settings, households))
    result["machine"] = machine(settings)
    result["scales"] = scales
    last = scales[-1]
    result["load_rows_per_s"] = last["load"]["rows_per_s"]
    result["write_rows_per_s"] = last["load"]["write_rows_per_s"]
    result["peak_rss_mb"] = {str(s["households"]): s["load"]["peak_rss_mb"] for s in scales}
    if "gap_report" in last:
        result["gap_report_s"] = last["gap_report"]["median_s"]
        result["gap_report_live_s"] = last["gap_report_live"]["median_s"]
        result["gap_rollup_refresh_s"] = last["gap_rollup_refresh"]["seconds"]
        result["per_grid_max_median_s"] = last["per_grid_max_median_s"]
        result["network_view_s"] = last["network_view"].get("median_s")
        result["snapshot_seconds"] = last["snapshot"]["seconds"]
        result["reach_s"] = last["reach"]["seconds"]
        result["reach_households"] = last["reach"]["located"]
        if "siting" in last:
            result["siting_s"] = last["siting"]["seconds"]
        result["siting_target_s"] = last["siting_target"]["seconds"]
        result["analytics_city_s"] = last["analytics_city"]["seconds"]
    if "network_settle" in last:
        result["network_settle_s_max"] = last["network_settle"].get("network_settle_s_max")
        result["network_community_built_and_settled_s"] = last["network_settle"].get(
            "community_built_and_settled_s"
        )
    if "page_first_paint_s" in last.get("first_paint", {}):
        result["page_first_paint_s"] = last["first_paint"]["page_first_paint_s"]
        result["page_first_paint_s_max"] = last["first_paint"]["page_first_paint_s_max"]
        result["page_first_paint_empty_cache_s"] = last["first_paint"][
            "page_first_paint_empty_cache_s"
        ]
        result["page_external_requests"] = last["first_paint"]["external_requests"]
    if not config.skip_naive:
        folder = Path(last["dataset"])
        log(
            f"naive load of about {config.naive_rows} rows into the "
            f"{last['households']:,}-household database"
        )
        with Database.connect(settings) as database:
            sample = naive.run(database, folder, config.naive_rows, progress=log)
        result["naive"] = sample.as_dict()
        result["naive_rows_per_s"] = round(sample.rows_per_s, 1)
        result["speedup_vs_naive"] = round(result["load_rows_per_s"] / sample.rows_per_s, 1)
        result["speedup_vs_naive_same_tables"] = round(
            last["load"]["naive_tables_rows_per_s"] / sample.rows_per_s, 1
        )
    if "import" in last and last["import"].get("ok"):
        result["import_rows_per_s"] = last["import"]["rows_per_s"]
        result["ours_vs_import"] = last["import"]["ours_vs_import"]
    if last.get("bulk", {}).get("ok"):
        result["bulk_seconds"] = last["bulk"]["seconds"]
        result["bulk_vs_import"] = last["bulk"]["bulk_vs_import"]
    result["load_average_end"] = load_average()
    result["seconds"] = round(time.perf_counter() - started, 1)
    if config.results_dir is not None:
        config.results_dir.mkdir(parents=True, exist_ok=True)
        stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
        path = config.results_dir / f"{stamp}.json"
        path.write_text(
            json.dumps(result, indent=2, ensure_ascii=False, default=str) + "\n", encoding="utf-8"
        )
        result["results_file"] = str(path)
    return result


def _ms(seconds: float | None) -> str:
    return "-" if seconds is None else f"{seconds * 1000:,.1f}"


def format_table(result: dict[str, Any]) -> str:
    """The figures as plain-text tables (what BENCHMARKS.md shows)."""
    scales = result["scales"]
    heads = [f"{s['households']:,} hh" for s in scales]
    width = max(20, *(len(h) + 2 for h in heads))
    lines: list[str] = []

    def row(label: str, values: list[str]) -> None:
        lines.append(f"{label:<40}" + "".join(f"{v:>{width}}" for v in values))

    small = result.get("small_city") or {}
    if small.get("ok"):
        lines.append(
            f"small city ({small['rows']} rows) into an emptied database, end to end: "
            f"{small['seconds']:.1f} s (target < 5 s)"
        )
        lines.append("")
    row("", heads)
    row("dataset rows", [f"{s['dataset_rows']:,}" for s in scales])
    row("load: end-to-end seconds", [f"{s['load']['seconds']:,.1f}" for s in scales])
    row(
        "  read + schema + validate seconds",
        [f"{s['load']['validate_seconds']:,.1f}" for s in scales],
    )
    row("  write seconds", [f"{s['load']['write_seconds']:,.1f}" for s in scales])
    row(
        "  gap rollup refresh seconds",
        [f"{s['load'].get('refresh_seconds') or 0:,.1f}" for s in scales],
    )
    row("load rows/s (end to end)", [f"{s['load']['rows_per_s']:,.0f}" for s in scales])
    row("write rows/s", [f"{s['load']['write_rows_per_s']:,.0f}" for s in scales])
    row("nodes/s (end to end)", [f"{s['load']['nodes_per_s']:,.0f}" for s in scales])
    row(
        "relationships/s (end to end)", [f"{s['load']['relationships_per_s']:,.0f}" for s in scales]
    )
    row("loader peak RSS MB", [f"{s['load']['peak_rss_mb']:,.0f}" for s in scales])
    if all("pseudonymise" in s for s in scales):
        row(
            "pseudonymise alone s (share of load)",
            [
                f"{s['pseudonymise']['seconds']:,.1f} ({s['pseudonymise']['share_of_load']:.1%})"
                for s in scales
            ],
        )
    if "migrate" in scales[-1]:
        m = scales[-1]["migrate"]
        lines.append(
            f"privacy migrate (largest scale): {m['nodes']:,} nodes in "
            f"{m['seconds']:,.1f}s = {m['nodes_per_s']:,.0f} nodes/s"
        )
    if all("import" in s for s in scales):
        row("offline import rows/s", [f"{s['import'].get('rows_per_s', 0):,.0f}" for s in scales])
        row(
            "  import seconds (+ convert)",
            [
                f"{s['import'].get('import_seconds', 0):,.1f}+"
                f"{s['import'].get('convert_seconds', 0):,.1f}"
                for s in scales
            ],
        )
        row(
            "ours / offline import",
            [f"{s['import'].get('ours_vs_import') or 0:.2f}" for s in scales],
        )
    if all(s.get("bulk", {}).get("ok") for s in scales):
        row("bulk first load seconds", [f"{s['bulk']['seconds']:,.1f}" for s in scales])
        row(
            "  validate / files / import / restart",
            [
                f"{s['bulk']['validate_seconds']:,.1f}/{s['bulk']['phases'].get('files', 0):,.1f}/"
                f"{s['bulk']['phases'].get('import', 0):,.1f}/"
                f"{s['bulk']['phases'].get('stop', 0) + s['bulk']['phases'].get('start', 0):,.1f}"
                for s in scales
            ],
        )
        row(
            "bulk / offline import",
            [f"{s['bulk'].get('bulk_vs_import') or 0:.2f}" for s in scales],
        )
    if all("gap_report" in s for s in scales):
        row(
            "gap report (rollups) median / p95 ms",
            [f"{_ms(s['gap_report']['median_s'])}/{_ms(s['gap_report']['p95_s'])}" for s in scales],
        )
        row(
            "gap report live median / p95 ms",
            [
                f"{_ms(s['gap_report_live']['median_s'])}/{_ms(s['gap_report_live']['p95_s'])}"
                for s in scales
            ],
        )
        row(
            "gap rollup refresh s",
            [f"{s['gap_rollup_refresh']['seconds']:,.1f}" for s in scales],
        )
        row(
            "network view (largest community) ms",
            [_ms(s["network_view"].get("median_s")) for s in scales],
        )
        row("slowest per-grid query median ms", [_ms(s["per_grid_max_median_s"]) for s in scales])
        row(
            "snapshot s (findings)",
            [f"{s['snapshot']['seconds']:.2f} ({s['snapshot']['findings']:,})" for s in scales],
        )
        row(
            "reach (households x categories) s",
            [
                f"{s['reach']['seconds']:.2f} ({s['reach']['located']:,}x"
                f"{s['reach']['categories']})"
                for s in scales
            ],
        )
        row(
            "city-wide analytics s (read + compute)",
            [
                f"{s['analytics_city']['seconds']:.1f} ({s['analytics_city']['read_seconds']:.1f}"
                f"+{s['analytics_city']['compute_seconds']:.1f})"
                for s in scales
            ],
        )
        row(
            "siting 1,500 hh x 200 candidates s",
            [f"{s['siting_target']['seconds']:.2f}" for s in scales],
        )
        row(
            "siting one community s (hh/candidates)",
            [
                f"{s['siting']['seconds']:.2f} ({s['siting']['households']:,}/"
                f"{s['siting']['candidates']})"
                if "siting" in s
                else "-"
                for s in scales
            ],
        )
    if all("network_settle_s_max" in s.get("network_settle", {}) for s in scales):
        row(
            "network settle, 10 largest grids max s",
            [f"{s['network_settle']['network_settle_s_max']:.2f}" for s in scales],
        )
        row(
            "largest community built + settled s",
            [
                f"{s['network_settle'].get('community_built_and_settled_s') or 0:.2f}"
                for s in scales
            ],
        )
    if all("page_first_paint_s_max" in s.get("first_paint", {}) for s in scales):
        row(
            "page first paint, slowest page s",
            [f"{s['first_paint']['page_first_paint_s_max']:.2f}" for s in scales],
        )
    row(
        "load average after load (1 min)",
        [f"{(s['load_average_after_load'] or [0])[0]:.1f}" for s in scales],
    )
    lines.append("")
    lines.append("per table (largest scale): rows, rows/s, nodes/s, relationships/s")
    for name, t in scales[-1]["load"]["tables"].items():
        lines.append(
            f"  {name:<22}{t['rows']:>10,}{t['rows_per_s']:>12,.0f}"
            f"{t['nodes_per_s']:>12,.0f}{t['relationships_per_s']:>12,.0f}"
        )
    paint = scales[-1].get("first_paint", {})
    if "page_first_paint_s" in paint:
        lines.append("")
        lines.append(
            "page_first_paint_s (largest scale): first visit, again, first visit from an "
            "empty browser cache (target < 2 s)"
        )
        for name, seconds in paint["page_first_paint_s"].items():
            again = paint["page_first_paint_warm_s"][name]
            empty = paint["page_first_paint_empty_cache_s"][name]
            lines.append(f"  {name:<22}{seconds:>10.2f}{again:>10.2f}{empty:>10.2f}")
        lines.append(f"  requests leaving the machine: {paint['external_requests']}")
    if all("queries" in s for s in scales):
        lines.append("")
        lines.append("query latency, median ms (p95 ms)")
        names = list(scales[-1]["queries"])
        lines.append(f"  {'query':<40}" + "".join(f"{h:>{width + 6}}" for h in heads))
        for name in names:
            cells = []
            for s in scales:
                q = s["queries"].get(name)
                cells.append("-" if q is None else f"{_ms(q['median_s'])} ({_ms(q['p95_s'])})")
            lines.append(f"  {name:<40}" + "".join(f"{c:>{width + 6}}" for c in cells))
    if "naive" in result:
        n = result["naive"]
        lines.append("")
        lines.append(
            f"naive loader: {n['rows']:,} rows in {n['seconds']:.1f}s = "
            f"{n['rows_per_s']:,.0f} rows/s; ours / naive = "
            f"{result['speedup_vs_naive']:,.1f}x end to end, "
            f"{result['speedup_vs_naive_same_tables']:,.1f}x on the same tables"
        )
    return "\n".join(lines)
