"""`gridnet bench`: load and query benchmarks at several scales (see BENCHMARKS.md)."""

from __future__ import annotations

import json
from pathlib import Path

import click

from gridnet.bench.run import DEFAULT_HOUSEHOLDS, RESULTS_DIR, BenchConfig, format_table, run_bench
from gridnet.edge import Edge, ensure_server, pass_edge


@click.command("bench")
@click.option(
    "--households",
    "households",
    type=click.IntRange(min=100),
    multiple=True,
    help="Households per scale; repeat for several (default 10,000 and 100,000; "
    "add --households 1000000 for a city of a million).",
)
@click.option(
    "--json",
    "as_json",
    is_flag=True,
    help="Print one JSON object on stdout; progress stays on stderr.",
)
@click.option(
    "--skip-naive", is_flag=True, help="Leave out the naive one-row-per-transaction load."
)
@click.option("--skip-import", is_flag=True, help="Leave out neo4j-admin's offline importer.")
@click.option(
    "--skip-bulk",
    is_flag=True,
    help="Leave out the bulk first load (`gridnet load --initial`, local server only).",
)
@click.option("--skip-queries", is_flag=True, help="Measure loading only.")
@click.option(
    "--skip-small",
    is_flag=True,
    help="Leave out the example city loaded end to end into an emptied database.",
)
@click.option(
    "--query",
    "queries",
    multiple=True,
    metavar="PREFIX",
    help="Time only the catalog queries whose name starts with PREFIX; repeat for several "
    "(the other figures are kept).",
)
@click.option(
    "--skip-browser",
    is_flag=True,
    help="Leave out the browser figures (network settle, page first paint) in headless Chromium.",
)
@click.option(
    "--privacy-migrate",
    is_flag=True,
    help="At the largest scale, write the residents back in clear and time "
    "`gridnet privacy migrate`.",
)
@click.option(
    "--naive-rows",
    type=click.IntRange(min=10),
    default=3000,
    show_default=True,
    help="Rows in the naive sample (households, their ties and requests).",
)
@click.option(
    "--repeats",
    type=click.IntRange(min=1),
    default=5,
    show_default=True,
    help="Warm runs per query (after one cold run).",
)
@click.option(
    "--batch-size",
    type=click.IntRange(min=1),
    default=None,
    help="Loader batch size (default: the loader's).",
)
@click.option("--seed", type=int, default=7, show_default=True)
@click.option(
    "--no-restart",
    is_flag=True,
    help="Empty the database with DETACH DELETE instead of restarting the local "
    "server on a fresh store.",
)
@click.option(
    "--data-dir",
    type=click.Path(path_type=Path),
    default=None,
    help="Where generated datasets are kept (default <GRIDNET_HOME>/bench-data).",
)
@click.option(
    "--results-dir",
    type=click.Path(path_type=Path),
    default=RESULTS_DIR,
    show_default=True,
    help="Where <timestamp>.json is written.",
)
@pass_edge
def bench_cmd(
    edge: Edge,
    households: tuple[int, ...],
    as_json: bool,
    skip_naive: bool,
    skip_import: bool,
    skip_bulk: bool,
    skip_queries: bool,
    skip_small: bool,
    queries: tuple[str, ...],
    skip_browser: bool,
    privacy_migrate: bool,
    naive_rows: int,
    repeats: int,
    batch_size: int | None,
    seed: int,
    no_restart: bool,
    data_dir: Path | None,
    results_dir: Path,
) -> None:
    """Generate cities, load them into an EMPTIED database, time loading and queries.

    The database is emptied before every scale: point GRIDNET_HOME and
    GRIDNET_BOLT_PORT at a server of its own.
    """
    settings = ensure_server(edge.settings)
    config = BenchConfig(
        households=tuple(households) or DEFAULT_HOUSEHOLDS,
        seed=seed,
        repeats=repeats,
        naive_rows=naive_rows,
        skip_naive=skip_naive,
        skip_import=skip_import,
        skip_bulk=skip_bulk,
        skip_queries=skip_queries,
        skip_small=skip_small,
        queries=queries,
        skip_browser=skip_browser,
        privacy_migrate=privacy_migrate,
        batch_size=batch_size,
        restart=not no_restart,
        data_dir=data_dir,
        results_dir=results_dir,
    )
    result = run_bench(config, settings)
    if as_json:
        click.echo(json.dumps(result, ensure_ascii=False, default=str))
    else:
        click.echo(format_table(result))
        click.echo(f"\nresults: {result.get('results_file')}")
