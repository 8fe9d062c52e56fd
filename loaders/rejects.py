"""The rejects file: every rejected row with its problems, ready to fix and load again.

Why a module of its own: the rejects file is a promise to planners, not a log. Its
format stays fixed so that they can open it in Excel, correct the cells and load
it again: UTF-8 with BOM (Excel shows the Chinese text), one line per problem with
the columns `table, file, row, column, message`, then the row's cells as they were
read (unknown columns included), under the headers of the input.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
from pathlib import Path
from typing import Any

from gridnet.loaders.passes import Report

__all__ = ["REJECT_COLUMNS", "write_rejects"]

REJECT_COLUMNS = ("table", "file", "row", "column", "message")


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if isinstance(value, list | dict):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def write_rejects(report: Report, path: str | Path) -> int:
    """Write one line per problem of every rejected row, with the row's original values.

    Returns the number of rejected rows written.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    value_columns: list[str] = []
    with_rejects = [r for r in report.tables.values() if r.rejected]
    for result in with_rejects:
        for header in result.source.headers or result.source.table.column_names:
            if header and header not in value_columns:
                value_columns.append(header)
    count = 0
    with path.open("w", encoding="utf-8-sig", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow([*REJECT_COLUMNS, *value_columns])
        for result in with_rejects:
            source = result.source
            file = source.file.name if not source.sheet else f"{source.file.name}:{source.sheet}"
            for row, raw, problems in report.rejected_records(source.name):
                count += 1
                cells = [_cell(raw.get(c)) for c in value_columns]
                for problem in problems:
                    writer.writerow(
                        [problem.table, file, row, problem.column or "", problem.message, *cells]
                    )
    return count
