"""Exports to CSV and Excel that are safe to open in a spreadsheet.

A cell such as ``=HYPERLINK(...)`` typed into a household name would run as a
formula when a planner opens the export, so text cells starting with ``=``, ``+``,
``-``, ``@`` (or a tab / carriage return) get a leading apostrophe. A CSV meant for a
spreadsheet starts with the UTF-8 byte order mark (``bom=True``), as the loader's
rejects file does: Excel on a Chinese Windows reads a CSV without it as GBK and
shows the Chinese text garbled.

>>> safe_cell("=1+1")
"'=1+1"
>>> safe_cell(-3)
-3
>>> to_csv(["a"], [["@x"]])
"a\\r\\n'@x\\r\\n"
>>> to_csv(["a"], [], bom=True)
'\\ufeffa\\r\\n'
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections.abc import Sequence
from typing import Any

__all__ = ["BOM", "cell_text", "safe_cell", "to_csv", "to_xlsx_bytes"]

BOM = "\ufeff"
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def cell_text(value: Any) -> Any:
    """Flatten a value for a flat file: lists/maps as JSON, dates as ISO text."""
    if value is None:
        return ""
    if isinstance(value, bool | int | float):
        return value
    if isinstance(value, dt.date | dt.datetime | dt.time):
        return value.isoformat()
    if isinstance(value, list | tuple | dict):
        return json.dumps(value, ensure_ascii=False, default=str)
    return str(value)


def safe_cell(value: Any) -> Any:
    """Neutralise spreadsheet formulas in text; numbers and booleans pass unchanged."""
    value = cell_text(value)
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def to_csv(columns: Sequence[str], rows: Sequence[Sequence[Any]], bom: bool = False) -> str:
    """CSV text (RFC 4180 line ends) with every cell made safe, header included.

    With `bom`, the text starts with the byte order mark, for spreadsheets.
    """
    buffer = io.StringIO()
    if bom:
        buffer.write(BOM)
    writer = csv.writer(buffer)
    writer.writerow([safe_cell(c) for c in columns])
    for row in rows:
        writer.writerow([safe_cell(v) for v in row])
    return buffer.getvalue()


def to_xlsx_bytes(
    columns: Sequence[str], rows: Sequence[Sequence[Any]], sheet: str = "rows"
) -> bytes:
    """An .xlsx workbook with one sheet; text cells are stored as text, made safe."""
    from openpyxl import Workbook

    workbook = Workbook()
    ws = workbook.active
    assert ws is not None  # a new workbook has one worksheet
    ws.title = sheet[:31] or "rows"
    ws.append([safe_cell(c) for c in columns])
    for row in rows:
        ws.append([safe_cell(v) for v in row])
    for cells in ws.iter_rows():
        for cell in cells:
            if isinstance(cell.value, str):
                cell.data_type = "s"  # never interpret as a formula
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
