"""Where generated rows go: memory, CSV files, one JSON file or one xlsx workbook.

The generator only calls ``sink.add(table, row)``; the sinks own the file
formats and their byte-reproducibility (fixed column order from ``tables.py``,
fixed xlsx timestamps), so the same seed gives identical files.
"""

from __future__ import annotations

import csv
import json
import re
from datetime import datetime
from pathlib import Path
from typing import Any, Protocol

from gridnet.loaders.tables import load_order
from gridnet.loaders.values import to_text

Row = dict[str, Any]


class Sink(Protocol):
    """Receives rows table by table, in generation order."""

    def add(self, table: str, row: Row) -> None: ...


class MemorySink:
    """Keeps every row; fine at scale 1 (about 200k rows)."""

    def __init__(self) -> None:
        self.tables: dict[str, list[Row]] = {t.name: [] for t in load_order()}

    def add(self, table: str, row: Row) -> None:
        self.tables[table].append(row)


class CsvSink:
    """One UTF-8 ``<table>.csv`` per table, header = tables.py columns in order."""

    def __init__(self, out: Path) -> None:
        self.out = out
        self._files = {}
        self._writers = {}
        self._columns = {}
        for t in load_order():
            fh = (out / f"{t.name}.csv").open("w", encoding="utf-8", newline="")
            writer = csv.writer(fh)
            writer.writerow(t.column_names)
            self._files[t.name] = fh
            self._writers[t.name] = writer
            self._columns[t.name] = t.column_names

    def add(self, table: str, row: Row) -> None:
        self._writers[table].writerow([to_text(row.get(c)) for c in self._columns[table]])

    def close(self) -> None:
        for fh in self._files.values():
            fh.close()


def _json_value(value: Any) -> Any:
    """JSON cell: lists joined like CSV cells, everything else as is."""
    if isinstance(value, (list, tuple)):
        return ";".join(to_text(v) for v in value)
    return value


class JsonSink:
    """``dataset.json``: one object, table name → array of row objects (null = empty).

    Rows are spooled to one temporary file per table and assembled at the end,
    so memory stays flat at large scale.
    """

    def __init__(self, out: Path) -> None:
        self.out = out
        self._parts = {t.name: out / f".{t.name}.jsonl.part" for t in load_order()}
        self._files = {n: p.open("w", encoding="utf-8") for n, p in self._parts.items()}
        self._columns = {t.name: t.column_names for t in load_order()}

    def add(self, table: str, row: Row) -> None:
        obj = {c: _json_value(row.get(c)) for c in self._columns[table]}
        self._files[table].write(json.dumps(obj, ensure_ascii=False) + "\n")

    def close(self) -> None:
        for fh in self._files.values():
            fh.close()
        with (self.out / "dataset.json").open("w", encoding="utf-8") as out:
            out.write("{")
            for i, (name, part) in enumerate(self._parts.items()):
                out.write(("," if i else "") + f"\n{json.dumps(name)}: [")
                with part.open(encoding="utf-8") as fh:
                    for j, line in enumerate(fh):
                        out.write(("," if j else "") + "\n  " + line.rstrip("\n"))
                out.write("\n]")
                part.unlink()
            out.write("\n}\n")


XLSX_MAX_ROWS = 1_048_575  # plus the header row


class XlsxSink:
    """``dataset.xlsx``: one sheet per table (openpyxl write-only mode)."""

    def __init__(self, out: Path) -> None:
        from openpyxl import Workbook

        self.out = out
        self._wb = Workbook(write_only=True)
        self._sheets = {}
        self._columns = {}
        self._rows = {}
        for t in load_order():
            ws = self._wb.create_sheet(t.name)
            ws.append(t.column_names)
            self._sheets[t.name] = ws
            self._columns[t.name] = t.column_names
            self._rows[t.name] = 0

    def add(self, table: str, row: Row) -> None:
        self._rows[table] += 1
        if self._rows[table] > XLSX_MAX_ROWS:
            raise ValueError(
                f"table {table} exceeds the xlsx sheet limit of {XLSX_MAX_ROWS} "
                "rows; use --format csv at this scale"
            )
        values = []
        for c in self._columns[table]:
            v = row.get(c)
            values.append(
                v if isinstance(v, (int, float)) and not isinstance(v, bool) else to_text(v)
            )
        self._sheets[table].append(values)

    def close(self) -> None:
        """Save with fixed document and zip timestamps so the file is byte-reproducible."""
        import zipfile

        fixed = datetime(2000, 1, 1)
        target = self.out / "dataset.xlsx"
        tmp = self.out / ".dataset.xlsx.part"
        self._wb.save(tmp)
        with zipfile.ZipFile(tmp) as src, zipfile.ZipFile(target, "w") as dst:
            for info in src.infolist():
                entry = zipfile.ZipInfo(info.filename, date_time=fixed.timetuple()[:6])
                entry.compress_type = zipfile.ZIP_DEFLATED
                entry.external_attr = info.external_attr
                data = src.read(info.filename)
                if info.filename == "docProps/core.xml":  # openpyxl stamps "now" on save
                    data = re.sub(
                        rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*",
                        rb"\g<1>2000-01-01T00:00:00Z",
                        data,
                    )
                dst.writestr(entry, data)
        tmp.unlink()


class CountingSink:
    """Wraps a sink and counts rows per table for the manifest."""

    def __init__(self, inner: Sink) -> None:
        self.inner = inner
        self.counts = {t.name: 0 for t in load_order()}

    def add(self, table: str, row: Row) -> None:
        self.counts[table] += 1
        self.inner.add(table, row)


def open_sink(out: Path, fmt: str) -> CsvSink | JsonSink | XlsxSink:
    """The file sink for ``fmt`` (csv, json or xlsx), writing into ``out``."""
    if fmt == "csv":
        return CsvSink(out)
    if fmt == "json":
        return JsonSink(out)
    if fmt == "xlsx":
        return XlsxSink(out)
    raise ValueError(f"unknown format {fmt!r}; use csv, xlsx or json")
