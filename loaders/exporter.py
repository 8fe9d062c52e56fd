"""``gridnet export``: write the whole graph back out in the documented input format.

The output is a dataset folder that ``gridnet load`` reads, so export followed by
load into an empty database restores the graph (a logical backup). Personal
columns are masked unless the caller asks for them explicitly: a backup meant
for restore needs ``unmasked=True`` and must then be kept like the database.
"""

from __future__ import annotations

import csv
import json
import os
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path
from typing import Any

from neo4j.time import Date, DateTime

from gridnet import db
from gridnet.loaders.tables import Table, load_order
from gridnet.privacy import mask_value
from gridnet.settings import Settings

EXPORT_DIR = Path(__file__).with_name("export")


def export_query(table: str) -> str:
    """The export statement for one table."""
    return db.load_cypher(EXPORT_DIR / f"{table}.cypher")[0]


def to_text(value: Any) -> str:
    """Render a graph value as it appears in an input file."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, DateTime):
        # Neo4j prints nanoseconds (…:15.000000000), which the loader refuses; stored
        # values came from Python datetimes, so microseconds lose nothing.
        return value.to_native().isoformat()
    if isinstance(value, (Date, date, datetime)):
        return value.isoformat()
    if isinstance(value, float):
        return repr(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, (list, tuple)):
        return ";".join(to_text(v) for v in value)
    return str(value)


def iter_rows(table: Table, unmasked: bool = False,
              settings: Settings | None = None) -> Iterator[dict[str, str]]:
    """Stream one table's rows from the graph, as strings keyed by column."""
    personal = {c.name for c in table.columns if c.personal}
    with db.session(read_only=True, settings=settings) as s:
        result = s.run(export_query(table.name))
        for record in result:
            merged = {**record["props"], **record["refs"]}
            row = {}
            for col in table.columns:
                value = to_text(merged.get(col.name))
                if col.name in personal and not unmasked:
                    value = mask_value(col.name, value)
                row[col.name] = value
            yield row


def export_dataset(out_dir: str | Path, unmasked: bool = False,
                   settings: Settings | None = None) -> dict[str, int]:
    """Write one UTF-8 CSV per table and a manifest; returns rows per table."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    if unmasked:
        os.chmod(out, 0o700)
    counts: dict[str, int] = {}
    for table in load_order():
        path = out / f"{table.name}.csv"
        n = 0
        with path.open("w", encoding="utf-8", newline="") as fh:
            writer = csv.DictWriter(fh, fieldnames=table.column_names)
            writer.writeheader()
            for row in iter_rows(table, unmasked=unmasked, settings=settings):
                writer.writerow(row)
                n += 1
        if unmasked:
            os.chmod(path, 0o600)
        counts[table.name] = n
    manifest = {"kind": "gridnet-export", "masked": not unmasked, "counts": counts}
    (out / "export.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=2),
                                     encoding="utf-8")
    return counts
