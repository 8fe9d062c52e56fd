"""``gridnet export``: write the whole graph back out in the documented input format.

The output is a dataset folder that ``gridnet load`` reads, so export followed by
load into an empty database restores the graph (a logical backup). Personal
columns hold their display forms, as the graph does, unless the caller asks for
the clear values from the vault: a backup meant for restore needs
``unmasked=True`` (and the privacy key) and must then be kept like the vault.
"""

from __future__ import annotations

import csv
import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import LiteralString

from gridnet import access_log, cypher
from gridnet.db import Database
from gridnet.loaders.tables import Table, load_order
from gridnet.loaders.values import to_text
from gridnet.privacy import PERSONAL
from gridnet.vault import Vault

__all__ = ["EXPORT_DIR", "export_dataset", "export_query", "iter_rows"]

EXPORT_DIR = Path(__file__).with_name("export")
_BATCH = 2000  # rows whose clear values are read from the vault at once


def export_query(table: str) -> LiteralString:
    """The export statement for one table (`export/<table>.cypher`, one statement)."""
    (query,) = cypher.load_file(EXPORT_DIR / f"{table}.cypher").values()
    return query.statements[0]


def iter_rows(db: Database, table: Table, vault: Vault | None = None) -> Iterator[dict[str, str]]:
    """Stream one table's rows from the graph, as strings keyed by column.

    Personal columns come out as the graph holds them (display forms) unless a
    `vault` is given: then each batch's clear values are read from it.
    """
    personal = PERSONAL.get(table.label or "", ()) if vault is not None else ()
    with db.session(read_only=True) as s:
        result = s.run(export_query(table.name))
        batch: list[dict[str, str]] = []
        for record in result:
            merged = {**record["props"], **record["refs"]}
            batch.append({col.name: to_text(merged.get(col.name)) for col in table.columns})
            if len(batch) >= _BATCH:
                yield from _reveal(table, batch, personal, vault)
                batch = []
        yield from _reveal(table, batch, personal, vault)


def _reveal(
    table: Table, rows: list[dict[str, str]], personal: tuple[str, ...], vault: Vault | None
) -> list[dict[str, str]]:
    if not personal or vault is None or not rows or table.label is None:
        return rows
    clear = vault.get(table.label, [r["id"] for r in rows])
    for row in rows:
        values = clear.get(row["id"], {})
        for name in personal:
            row[name] = values.get(name, row[name])
    return rows


def export_dataset(
    db: Database, out_dir: str | Path, unmasked: bool = False, actor: str = ""
) -> dict[str, int]:
    """Write one UTF-8 CSV per table and a manifest; returns rows per table.

    `unmasked` reads the clear personal values from the vault (it needs the
    privacy key), logs the reveal under `actor` and makes the folder owner-only;
    the vault, the key and the access log are those named by ``db.settings``.
    """
    settings = db.settings
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    vault = Vault.open(settings) if unmasked else None
    if unmasked:
        os.chmod(out, 0o700)
    counts: dict[str, int] = {}
    try:
        for table in load_order():
            path = out / f"{table.name}.csv"
            n = 0
            with path.open("w", encoding="utf-8", newline="") as fh:
                writer = csv.DictWriter(fh, fieldnames=table.column_names)
                writer.writeheader()
                for row in iter_rows(db, table, vault=vault):
                    writer.writerow(row)
                    n += 1
            if unmasked:
                os.chmod(path, 0o600)
            counts[table.name] = n
            if vault is not None and table.label in PERSONAL:
                access_log.record(
                    settings.access_log,
                    actor=actor or access_log.cli_actor(),
                    action="export-unmasked",
                    label=table.label,
                    ids=[],
                    detail=f"all {n} records to {out.resolve()}",
                )
    finally:
        if vault is not None:
            vault.close()
    manifest = {"kind": "gridnet-export", "masked": not unmasked, "counts": counts}
    (out / "export.json").write_text(
        json.dumps(manifest, ensure_ascii=False, indent=2), encoding="utf-8"
    )
    return counts
