"""`gridnet load`.

Exit codes of `load`: 0 every row loaded, 1 some rows were rejected (see the
rejects file), 2 nothing could be done (unreadable input, Neo4j down, Neo4j
stopped answering mid-load, `--initial` against a database that is not empty or
not local) with a one-line message and no traceback.
"""

from __future__ import annotations

from pathlib import Path

import click
from neo4j import exceptions as neo4j_errors

from gridnet.db import DatabaseUnavailable
from gridnet.edge import Edge, pass_edge
from gridnet.errors import GridnetError
from gridnet.loaders.bulk import require_local
from gridnet.loaders.pipeline import DEFAULT_BATCH_SIZE, LoadResult, load_path
from gridnet.queries.runner import safe_error_text


def _print_result(result: LoadResult, max_problems: int) -> None:
    report = result.report
    for warning in report.warnings:
        click.echo(f"warning: {warning}", err=True)
    for source in report.dataset.ordered():
        if source.encoding and source.encoding != "utf-8-sig":
            click.echo(f"note: {source.display} read as {source.encoding} (GBK/GB18030)", err=True)
    problems = [
        p for t in report.tables.values() for row in sorted(t.rejected) for p in t.rejected[row]
    ]
    for problem in problems[:max_problems]:
        click.echo(f"problem: {problem}", err=True)
    if len(problems) > max_problems:
        click.echo(f"... and {len(problems) - max_problems} more problems", err=True)
    click.echo(
        f"read {report.rows} rows from {report.dataset.path} ({report.dataset.format}): "
        f"{report.accepted_rows} valid, {report.rejected_rows} rejected"
    )
    if result.rejects_path is not None:
        click.echo(f"rejected rows written to {result.rejects_path}")
    if result.dry_run:
        click.echo("dry run: nothing was written")
        return
    summary = result.summary
    assert summary is not None
    if summary.phases:
        steps = ", ".join(f"{name} {seconds:.1f}s" for name, seconds in summary.phases.items())
        click.echo(f"first load through neo4j-admin's importer: {steps}")
    header = f"{'table':<20} {'rows':>9} {'nodes+':>8} {'rels+':>8} {'rels-':>7} {'props':>9}"
    click.echo(header)
    for stats in summary.tables.values():
        click.echo(
            f"{stats.table:<20} {stats.rows:>9,} {stats.nodes_created:>8,} "
            f"{stats.relationships_created:>8,} {stats.relationships_deleted:>7,} "
            f"{stats.properties_set:>9,}"
        )
    click.echo(
        f"{'total':<20} {summary.rows:>9,} {summary.total('nodes_created'):>8,} "
        f"{summary.total('relationships_created'):>8,} "
        f"{summary.total('relationships_deleted'):>7,} {summary.total('properties_set'):>9,}"
    )
    how = "by the importer" if summary.phases else f"batches of {summary.batch_size}"
    click.echo(
        f"wrote {summary.rows:,} rows in {summary.seconds:.1f}s "
        f"({summary.rows_per_second:,.0f} rows/s, {how})"
    )


def _stopped_answering(uri: str, exc: Exception, dry_run: bool) -> str:
    """One line for a server that went away during the load (killed, out of memory,
    network gone): what happened, what was kept and what to do."""
    reason = getattr(exc, "reason", None) or str(exc).strip().splitlines()[0][:200]
    if dry_run:
        return f"Neo4j at {uri} stopped answering during the dry run: {reason}; nothing was written"
    return (
        f"Neo4j at {uri} stopped answering during the load: {reason}; batches committed "
        "before that stay, nothing after them was written; start it again and rerun the "
        "load (loading is idempotent)"
    )


@click.command("load")
@click.argument("path", type=click.Path(path_type=Path))
@click.option("--dry-run", is_flag=True, help="Validate and report; write nothing.")
@click.option(
    "--batch-size",
    type=click.IntRange(min=1),
    default=DEFAULT_BATCH_SIZE,
    show_default=True,
    help="Rows per write transaction.",
)
@click.option(
    "--rejects",
    type=click.Path(path_type=Path),
    default=Path("rejects.csv"),
    show_default=True,
    help="Where rejected rows are written (UTF-8 with BOM).",
)
@click.option(
    "--initial",
    is_flag=True,
    help="First load into an empty local database, through neo4j-admin's importer "
    "(the server is stopped for it and started again).",
)
@click.option("--quiet", is_flag=True, help="No progress bar.")
@click.option(
    "--max-problems",
    type=click.IntRange(min=0),
    default=20,
    show_default=True,
    help="How many problems to print (all are in the rejects file).",
)
@pass_edge
def load_cmd(
    edge: Edge,
    path: Path,
    dry_run: bool,
    batch_size: int,
    rejects: Path,
    initial: bool,
    quiet: bool,
    max_problems: int,
) -> None:
    """Validate and load a dataset: a folder of <table>.csv/.json files, an .xlsx
    workbook (one sheet per table) or a .json file. See loaders/README.md.

    With --initial, the database must be gridnet's local one and empty: the rows
    are checked as always and the valid ones written by neo4j-admin's importer."""
    if initial:
        require_local(edge.settings)  # before connecting: a remote server is never touched
    database = edge.database()
    try:
        result = load_path(
            database,
            path,
            dry_run=dry_run,
            batch_size=batch_size,
            rejects=rejects,
            progress=False if quiet else None,
            initial=initial,
        )
    except (DatabaseUnavailable, neo4j_errors.DriverError) as exc:
        # Connecting verified the server, so this means it stopped mid-load.
        raise GridnetError(_stopped_answering(database.settings.uri, exc, dry_run)) from exc
    except neo4j_errors.Neo4jError as exc:
        # The server refused a batch (e.g. a constraint gridnet does not know about):
        # that batch was rolled back whole, earlier ones stay; quoted values may be
        # personal data, so they are left out of the message.
        reason = safe_error_text(exc.message or "")
        raise GridnetError(
            f"Neo4j refused a batch ({exc.code}): {reason}; the batch was not written, "
            "earlier batches were; fix it and run the load again (loading is idempotent)"
        ) from exc
    _print_result(result, max_problems)
    if result.exit_code:
        raise GridnetError("", exit_code=result.exit_code)  # the report above says why
