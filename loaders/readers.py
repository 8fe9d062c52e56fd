"""Read a dataset (CSV folder, Excel workbook or JSON) into streams of raw rows.

Readers only turn files into rows of stripped strings (or the native values a
workbook or JSON file holds) and remember where each row came from, so that
every later message can point a planner at the exact file, sheet and row. Types,
enums and references are checked by the later stages (`rows`, `passes`), not here.

Rows are streamed: `TableSource.rows()` reads the file from the start, one row at
a time, so a million-row CSV is never held in memory; a load reads each file
once (the parse pass keeps the typed rows in a spool for the later stages).

A table file that is empty (not even a header row) holds no rows: it is skipped
with a warning naming it, which is what leaving the file out would do, since a
load never deletes what the input does not mention.
"""

from __future__ import annotations

import codecs
import csv
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from gridnet.errors import GridnetError
from gridnet.loaders.tables import TABLES, Table

__all__ = [
    "Dataset",
    "Origin",
    "RawRow",
    "ReadError",
    "TableSource",
    "detect_encoding",
    "open_dataset",
]

# Encodings tried in order, strictly. utf-8-sig also reads plain UTF-8 and drops a BOM;
# gb18030 is a superset of GBK/GB2312, which Excel uses when saving CSV in China.
ENCODINGS = ("utf-8-sig", "gb18030")
_CHUNK = 1 << 20

csv.field_size_limit(1 << 24)


class ReadError(GridnetError):
    """A file cannot be read at all (missing, binary, undecodable, malformed CSV)."""


@dataclass(frozen=True)
class Origin:
    """Where a row came from, as a human finds it: the header is row 1."""

    file: str
    sheet: str | None
    row: int
    kind: str = "row"
    """'row' for CSV and Excel; 'item' for JSON arrays (first item is 1)."""

    def __str__(self) -> str:
        where = f"{self.file}, sheet {self.sheet}" if self.sheet else self.file
        return f"{where}, {self.kind} {self.row}"


@dataclass
class RawRow:
    """One input row: known columns only, stripped, empty strings turned into None."""

    origin: Origin
    values: dict[str, Any]
    raw: dict[str, Any]
    """Every cell as read (unknown columns included), for the rejects file."""
    problem: str | None = None
    """Set when the row itself is malformed (e.g. more cells than header columns)."""


def _clean(value: Any) -> Any:
    """Strip strings; an empty string means missing."""
    if isinstance(value, str):
        value = value.strip()
        return value or None
    return value


def _header_map(table: Table) -> dict[str, str]:
    """Header text -> column name; the Chinese term is accepted as a header too."""
    mapping: dict[str, str] = {}
    for col in table.columns:
        mapping[col.name.lower()] = col.name
        mapping[col.zh] = col.name
    return mapping


@dataclass
class TableSource:
    """One table in a dataset: a CSV file, an Excel sheet or a JSON array."""

    table: Table
    file: Path
    format: str
    """'csv', 'xlsx' or 'json'."""
    sheet: str | None = None
    encoding: str | None = None
    headers: list[str] = field(default_factory=list)
    """Header cells as written in the file."""
    columns: list[str | None] = field(default_factory=list)
    """Column name per header position (None for an unknown column)."""
    unknown: list[str] = field(default_factory=list)
    _json_rows: list[Any] | None = field(default=None, repr=False)

    @property
    def name(self) -> str:
        return self.table.name

    @property
    def display(self) -> str:
        return f"{self.file.name}, sheet {self.sheet}" if self.sheet else self.file.name

    @property
    def missing_required(self) -> list[str]:
        present = {c for c in self.columns if c}
        return [c for c in self.table.required if c not in present]

    def _set_header(self, cells: list[Any]) -> None:
        mapping = _header_map(self.table)
        self.headers = ["" if c is None else str(c).strip() for c in cells]
        # Excel often leaves empty trailing header cells: drop them.
        while self.headers and not self.headers[-1]:
            self.headers.pop()
        self.columns = []
        seen: dict[str, str] = {}
        for text in self.headers:
            col = mapping.get(text.lower()) or mapping.get(text)
            if col is not None and col in seen:
                raise ReadError(
                    f"{self.display}: column {col!r} appears twice in the header "
                    f"({seen[col]!r} and {text!r})"
                )
            if col is not None:
                seen[col] = text
            elif text:
                self.unknown.append(text)
            self.columns.append(col)

    def _layout(self) -> tuple[list[str], list[tuple[int, str]]]:
        """Raw-cell keys and (position, column) pairs, computed once per header."""
        cached = self.__dict__.get("_layout_cache")
        if cached is None or cached[0] is not self.columns or cached[1] != len(self.columns):
            keys = [header or f"column {i + 1}" for i, header in enumerate(self.headers)]
            known = [
                (i, col)
                for i, col in enumerate(self.columns)
                if col is not None and i < len(self.headers)
            ]
            cached = (self.columns, len(self.columns), keys, known)
            self.__dict__["_layout_cache"] = cached
        return cached[2], cached[3]

    def _make_row(self, cells: list[Any], number: int, kind: str = "row") -> RawRow | None:
        """Build a row from positional cells; None for an entirely empty line."""
        # The hot path of every load: plain loops, no per-cell function calls for the
        # strings CSV gives.
        cleaned = [(c.strip() or None) if type(c) is str else _clean(c) for c in cells]
        if all(c is None for c in cleaned):
            return None
        origin = Origin(self.file.name, self.sheet, number, kind)
        problem = None
        if len(cleaned) > len(self.columns):
            extra = cleaned[len(self.columns) :]
            if any(c is not None for c in extra):
                first = len(self.columns) + 1
                first += next(i for i, c in enumerate(extra) if c is not None)
                last = f" {self.columns[-1]!r}" if self.columns else ""
                problem = (
                    f"the row has {len(cleaned)} cells but the header has "
                    f"{len(self.columns)} columns: cell {first} is past the last column"
                    f"{last} (a stray separator or unquoted comma?)"
                )
            cleaned = cleaned[: len(self.columns)]
        keys, known = self._layout()
        if len(cleaned) < len(keys):
            cleaned = cleaned + [None] * (len(keys) - len(cleaned))
        raw = dict(zip(keys, cleaned, strict=False))
        values = {col: cleaned[i] for i, col in known}
        return RawRow(origin, values, raw, problem)

    def rows(self) -> Iterator[RawRow]:
        """Stream the rows from the file, from the first row after the header."""
        if self.format == "csv":
            yield from self._csv_rows()
        elif self.format == "xlsx":
            yield from self._xlsx_rows()
        else:
            yield from self._json_iter()

    # --- CSV -------------------------------------------------------------------------
    def _open_csv(self) -> Iterator[list[str]]:
        assert self.encoding is not None
        with self.file.open(encoding=self.encoding, newline="") as fh:
            reader = csv.reader(fh, strict=True)
            try:
                yield from reader
            except csv.Error as exc:
                raise ReadError(
                    f"{self.file.name}: malformed CSV near line {reader.line_num}: {exc}"
                ) from None

    def _csv_rows(self) -> Iterator[RawRow]:
        lines = self._open_csv()
        next(lines, None)  # header, read by open_dataset
        # csv.reader counts physical lines; a human counts records, header = row 1.
        for number, cells in enumerate(lines, start=2):
            row = self._make_row(cells, number)
            if row is not None:
                yield row

    # --- Excel -----------------------------------------------------------------------
    def _xlsx_rows(self) -> Iterator[RawRow]:
        import openpyxl

        assert self.sheet is not None  # an xlsx source always names its sheet
        wb = openpyxl.load_workbook(self.file, read_only=True, data_only=True)
        try:
            ws = wb[self.sheet]
            for number, cells in enumerate(ws.iter_rows(values_only=True), start=1):
                if number == 1:
                    continue
                row = self._make_row(list(cells), number)
                if row is not None:
                    yield row
        finally:
            wb.close()

    # --- JSON ------------------------------------------------------------------------
    def _json_iter(self) -> Iterator[RawRow]:
        for number, item in enumerate(self._json_rows or [], start=1):
            origin = Origin(self.file.name, None, number, "item")
            if not isinstance(item, dict):
                yield RawRow(origin, {}, {"value": item}, "each item must be a JSON object")
                continue
            mapping = _header_map(self.table)
            values: dict[str, Any] = {}
            raw: dict[str, Any] = {}
            for key, value in item.items():
                cleaned = _clean(value)
                raw[str(key)] = cleaned
                col = mapping.get(str(key).lower()) or mapping.get(str(key))
                if col is not None:
                    values[col] = cleaned
            if all(v is None for v in raw.values()):
                continue
            yield RawRow(origin, values, raw)


@dataclass
class Dataset:
    """The tables found at a path, with warnings about anything ignored."""

    path: Path
    format: str
    sources: dict[str, TableSource]
    warnings: list[str] = field(default_factory=list)

    def ordered(self) -> list[TableSource]:
        """Sources in load order."""
        from gridnet.loaders.tables import load_order

        return [self.sources[t.name] for t in load_order() if t.name in self.sources]


EMPTY: Any = object()
"""What `_load_json` returns for a file that holds nothing but white space."""

# Files gridnet itself writes beside the tables of a dataset folder: not tables, and
# not worth a warning when the folder is loaded.
COMPANION_FILES = {
    "workflow-events.csv": "a month's workflow events (`gridnet cases import`)",
    "manifest.json": "the generator's manifest (counts, planted gaps)",
    "export.json": "gridnet export's manifest",
}


def detect_encoding(path: Path) -> str:
    """Return the first of ENCODINGS that decodes the whole file strictly.

    Raises ReadError naming the file when it is binary or in another encoding.
    """
    try:
        head = path.open("rb").read(_CHUNK)
    except OSError as exc:
        raise ReadError(f"{path.name}: cannot be read: {exc.strerror or exc}") from None
    if b"\x00" in head:
        raise ReadError(
            f"{path.name}: is a binary file, not CSV text (save it from Excel as "
            f"'CSV UTF-8' or 'CSV')"
        )
    for encoding in ENCODINGS:
        decoder = codecs.getincrementaldecoder(encoding)(errors="strict")
        try:
            with path.open("rb") as fh:
                while chunk := fh.read(_CHUNK):
                    decoder.decode(chunk)
                decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            continue
        return encoding
    raise ReadError(
        f"{path.name}: is neither UTF-8 nor GBK/GB18030 text; save it from Excel as "
        f"'CSV UTF-8' and try again"
    )


def _table_for(stem: str) -> Table | None:
    """Match a file or sheet name to a table by its name or Chinese name."""
    key = stem.strip().lower()
    for table in TABLES.values():
        if key == table.name or stem.strip() == table.zh:
            return table
    return None


def _open_csv_source(table: Table, path: Path) -> TableSource | None:
    """The CSV file as a table; None when it is empty (no header row)."""
    source = TableSource(table, path, "csv", encoding=detect_encoding(path))
    header = next(source._open_csv(), None)
    if header is None:
        return None
    source._set_header(header)
    return source


def _empty(name: str) -> str:
    return f"{name}: is empty (no header row); skipped"


def _open_xlsx(path: Path, warnings: list[str]) -> dict[str, TableSource]:
    import zipfile

    import openpyxl

    try:
        wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, OSError, KeyError, ValueError) as exc:
        raise ReadError(f"{path.name}: is not a readable .xlsx workbook ({exc})") from None
    sources: dict[str, TableSource] = {}
    try:
        for ws in wb.worksheets:
            table = _table_for(ws.title)
            if table is None:
                warnings.append(f"{path.name}: sheet {ws.title!r} is not a known table; ignored")
                continue
            if table.name in sources:
                raise ReadError(f"{path.name}: two sheets hold table {table.name!r}")
            source = TableSource(table, path, "xlsx", sheet=ws.title)
            header = next(ws.iter_rows(max_row=1, values_only=True), None)
            if header is None:
                warnings.append(f"{path.name}: sheet {ws.title!r} is empty; ignored")
                continue
            source._set_header(list(header))
            sources[table.name] = source
    finally:
        wb.close()
    return sources


def _json_source(table: Table, path: Path, rows: Any, where: str) -> TableSource:
    if not isinstance(rows, list):
        raise ReadError(f"{where}: table {table.name!r} must be a list of row objects")
    source = TableSource(table, path, "json", _json_rows=rows)
    headers: list[str] = []
    for item in rows:
        if isinstance(item, dict):
            headers.extend(str(k) for k in item if str(k) not in headers)
    source._set_header(headers)
    return source


def _load_json(path: Path) -> Any:
    """The parsed JSON file; EMPTY when it holds nothing but white space."""
    try:
        with path.open(encoding="utf-8-sig") as fh:
            text = fh.read()
        if not text.strip():
            return EMPTY
        return json.loads(text)
    except UnicodeDecodeError:
        raise ReadError(f"{path.name}: is not UTF-8 JSON") from None
    except json.JSONDecodeError as exc:
        raise ReadError(
            f"{path.name}: malformed JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}"
        ) from None
    except OSError as exc:
        raise ReadError(f"{path.name}: cannot be read: {exc.strerror or exc}") from None


def open_dataset(path: str | Path) -> Dataset:
    """Find the tables at `path`: a folder of CSV/JSON files, an .xlsx or a .json file.

    Raises ReadError for anything that cannot be read; unknown files, sheets and
    columns become warnings.
    """
    path = Path(path)
    warnings: list[str] = []
    sources: dict[str, TableSource] = {}
    empty: list[str] = []
    """Table files skipped because they are empty."""
    if not path.exists():
        raise ReadError(f"{path}: no such file or folder")
    if path.is_dir():
        files = sorted(p for p in path.iterdir() if p.is_file())
        formats = set()
        for file in files:
            suffix = file.suffix.lower()
            if suffix not in (".csv", ".json") or file.name in COMPANION_FILES:
                continue
            table = _table_for(file.stem)
            if table is None:
                warnings.append(f"{file.name}: not a known table name; ignored")
                continue
            if table.name in sources:
                raise ReadError(
                    f"{path}: table {table.name!r} is given twice "
                    f"({sources[table.name].file.name} and {file.name})"
                )
            if suffix == ".csv":
                found = _open_csv_source(table, file)
            else:
                rows = _load_json(file)
                found = None if rows is EMPTY else _json_source(table, file, rows, file.name)
            if found is None:
                empty.append(file.name)
                warnings.append(_empty(file.name))
                continue
            sources[table.name] = found
            formats.add(suffix[1:])
        fmt = "+".join(sorted(formats)) or "csv"
    elif path.suffix.lower() in (".xlsx", ".xlsm"):
        sources = _open_xlsx(path, warnings)
        fmt = "xlsx"
    elif path.suffix.lower() == ".json":
        data = _load_json(path)
        if data is EMPTY:
            raise ReadError(f"{path.name}: is empty (expected an object of table rows)")
        if not isinstance(data, dict):
            raise ReadError(f"{path.name}: must be an object mapping table names to row lists")
        for key, rows in data.items():
            table = _table_for(str(key))
            if table is None:
                warnings.append(f"{path.name}: {key!r} is not a known table; ignored")
                continue
            sources[table.name] = _json_source(table, path, rows, path.name)
        fmt = "json"
    elif path.suffix.lower() == ".csv":
        table = _table_for(path.stem)
        if table is None:
            raise ReadError(f"{path.name}: a single CSV file must be named after its table")
        found = _open_csv_source(table, path)
        if found is None:
            raise ReadError(f"{path.name}: is empty (expected a header row)")
        sources[table.name] = found
        fmt = "csv"
    else:
        raise ReadError(f"{path.name}: expected a folder, an .xlsx workbook or a .json file")
    if not sources and empty:
        raise ReadError(
            f"{path}: nothing to load: {', '.join(empty)} "
            f"{'is' if len(empty) == 1 else 'are'} empty (expected a header row)"
        )
    if not sources:
        raise ReadError(f"{path}: no known tables found (expected e.g. areas.csv, grids.csv)")
    for source in sources.values():
        if source.unknown:
            warnings.append(
                f"{source.display}: unknown column(s) ignored: {', '.join(source.unknown)}"
            )
    return Dataset(path, fmt, sources, warnings)
