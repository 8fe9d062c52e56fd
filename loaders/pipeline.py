"""`load_path`: read, parse once, validate, write; each stage hands on to the next.

Why a module of its own: the order of a load is a promise (nothing is written
before the whole dataset is checked; rejected rows go to the rejects file; the
schema is in place before the first MERGE; clear personal values reach the vault
and never the graph), and it is kept in one place. The stages do not know each
other: `readers` opens the files, `passes` parses each row once and decides
(`rows`, `values`, `rules`, `lookups`), `rejects` writes the rejected rows and
`writer` writes the valid ones, fed from the spools of the validation report.
The gap report's rollups (`gridnet.queries.rollup`) are marked stale before the
first write and refreshed after the last one, so a report never reads rows of the
graph as it was before the load.

A first load into an empty local database may go through Neo4j's importer instead
of the writer (`initial`, `gridnet.loaders.bulk`): the same stages up to the write,
the same rows written, the same steps after it.
"""

from __future__ import annotations

from contextlib import ExitStack
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from gridnet.db import Database
from gridnet.loaders import bulk
from gridnet.loaders.lookups import DatabaseLookup, NoLookup
from gridnet.loaders.passes import Report, validate
from gridnet.loaders.readers import open_dataset
from gridnet.loaders.rejects import write_rejects
from gridnet.loaders.tables import Table
from gridnet.loaders.writer import DEFAULT_BATCH_SIZE, LoadSummary, RowSource, write_tables
from gridnet.queries import rollup
from gridnet.vault import Vault

__all__ = ["DEFAULT_BATCH_SIZE", "LoadResult", "accepted_tables", "load_path"]


@dataclass
class LoadResult:
    """Everything `gridnet load` reports: validation, rejects and what was written."""

    report: Report
    summary: LoadSummary | None
    rejects_path: Path | None
    dry_run: bool
    refreshed: rollup.Refreshed | None = None

    @property
    def exit_code(self) -> int:
        """0 when every row loaded (or would load), 1 when some were rejected."""
        return 1 if self.report.rejected_rows else 0


def accepted_tables(report: Report) -> list[tuple[Table, RowSource]]:
    """Each table of the report's dataset, in load order, with its valid rows to write."""
    return [
        (source.table, partial(report.accepted, source.name)) for source in report.dataset.ordered()
    ]


def load_path(
    db: Database,
    path: str | Path,
    *,
    dry_run: bool = False,
    batch_size: int = DEFAULT_BATCH_SIZE,
    rejects: str | Path | None = "rejects.csv",
    progress: bool | None = None,
    check_database: bool = True,
    vault: Vault | None = None,
    initial: bool = False,
) -> LoadResult:
    """Read, validate and (unless `dry_run`) write the dataset at `path` into `db`.

    Applies the schema first and refuses a graph that still holds clear personal
    values (`gridnet privacy migrate`). Rejected rows go to `rejects` (when not None);
    residents' clear personal values go to `vault` (default: the installation's vault
    named by ``db.settings``, created on first use), display forms to the graph.
    Raises ReadError for unreadable input and DatabaseUnavailable when Neo4j is down.
    After writing, the gap report's rollups are refreshed for the data's reference day
    (`LoadResult.refreshed`); a load that fails part way leaves them stale.

    `initial`: the database must be the local server's and empty (else
    `bulk.InitialRefused`, before anything is read); the valid rows are written by
    Neo4j's importer (`bulk.write_initial`) instead of batches of MERGEs.
    """
    from gridnet.graph.schema import apply_schema
    from gridnet.migrate import refuse_clear_graph

    if initial:
        bulk.refuse_initial(db)  # an empty graph: no schema to apply, nothing clear
    dataset = open_dataset(path)
    if not dry_run and not initial:
        apply_schema(db)
        refuse_clear_graph(db)
    lookup = DatabaseLookup(db) if check_database else NoLookup()
    with validate(dataset, lookup) as report:
        rejects_path = None
        if report.rejected_rows and rejects is not None:
            rejects_path = Path(rejects)
            write_rejects(report, rejects_path)
        summary = refreshed = None
        if not dry_run:
            tables = accepted_tables(report)
            with ExitStack() as stack:
                if vault is None:
                    vault = stack.enter_context(Vault.open(db.settings, create=True))
                if initial:
                    summary = bulk.write_initial(
                        db, tables, vault=vault, rows=report.accepted_rows, progress=progress
                    )
                else:
                    if report.accepted_rows:  # nothing to write: the rollups stay as they are
                        rollup.mark_stale(db)
                    summary = write_tables(
                        db,
                        tables,
                        rows=report.accepted_rows,
                        batch_size=batch_size,
                        progress=progress,
                        vault=vault,
                    )
            if report.accepted_rows:
                # bumped again: a refresh that ran during the writes must not end fresh
                rollup.mark_stale(db)
                refreshed = rollup.refresh(db)
    return LoadResult(report, summary, rejects_path, dry_run, refreshed)
