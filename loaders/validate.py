"""Check a whole dataset before anything is written, and decide which rows load.

Validation makes two streaming passes over every table, in load order:

1. *parse*: types, required values, allowed values, ranges, malformed rows and
   duplicate keys; it also collects every id the input defines and every id it
   references;
2. *link*: references (to valid input rows or to nodes already in the database,
   looked up in batches), polymorphic references and the domain rules (a
   household's building stands in its grid, a grid lies in a community or
   village, an area's parent has the level above it).

A row that fails is rejected, and so is every row that references a rejected
row (cascade), so that nothing half-connected is ever written. Valid rows are
streamed again by `Report.accepted()` for the writer.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import math
import re
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from gridnet import db, privacy
from gridnet.graph import model
from gridnet.loaders.readers import Dataset, Origin, RawRow, TableSource
from gridnet.loaders.tables import REF_BY_TABLE, TABLES, Column, Table

__all__ = [
    "DatabaseLookup",
    "Lookup",
    "NoLookup",
    "ParsedRow",
    "Problem",
    "Report",
    "parse_row",
    "parse_value",
    "validate",
    "write_rejects",
]

CYPHER_DIR = Path(__file__).with_name("cypher")
LOOKUP_BATCH = 10_000


# --- problems ---------------------------------------------------------------------------
@dataclass(frozen=True)
class Problem:
    """One thing wrong with one row (or a whole table when origin is None)."""

    table: str
    origin: Origin | None
    column: str | None
    message: str

    def __str__(self) -> str:
        where = str(self.origin) if self.origin else self.table
        if self.column:
            zh = _zh(self.table, self.column)
            where += f", column {self.column}" + (f" ({zh})" if zh else "")
        return f"{where}: {self.message}"


def _zh(table: str, column: str) -> str:
    try:
        return TABLES[table].column(column).zh
    except KeyError:
        return ""


# --- values -----------------------------------------------------------------------------
_TRUE = {"true", "t", "yes", "y", "1", "是", "真", "对"}
_FALSE = {"false", "f", "no", "n", "0", "否", "假", "错"}
_DATE = re.compile(r"^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$")
_DATETIME = re.compile(
    r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d{1,6}))?)?)?$"
)
_INT = re.compile(r"^[+-]?\d+(?:\.0*)?$")
_LIST_SEP = re.compile(r"[;；]")
_NUMBER = r"[-+]?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?"
_RING = rf"\(\s*{_NUMBER}\s+{_NUMBER}(?:\s*,\s*{_NUMBER}\s+{_NUMBER})*\s*\)"
_POLYGON = rf"\(\s*{_RING}(?:\s*,\s*{_RING})*\s*\)"
_WKT = re.compile(
    rf"^(?:POLYGON\s*{_POLYGON}|MULTIPOLYGON\s*\(\s*{_POLYGON}(?:\s*,\s*{_POLYGON})*\s*\))$",
    re.IGNORECASE,
)
# Excel stores dates as days since 1899-12-30 (with the 1900 leap-year bug folded in).
_EXCEL_EPOCH = dt.datetime(1899, 12, 30)


def _enum_lookup(col: Column) -> dict[str, str]:
    assert col.enum is not None
    lookup = {code.lower(): code for code in col.enum}
    lookup.update({term.zh: code for code, term in col.enum.items()})
    return lookup


_ENUM_CACHE: dict[tuple[str, str], dict[str, str]] = {}


def _terms_lookup(col: Column) -> dict[str, str]:
    """Code, Chinese term or English term (any case) -> code, for a `terms` column."""
    assert col.terms is not None
    lookup = {term.en.lower(): code for code, term in col.terms.items()}
    lookup.update({code.lower(): code for code in col.terms})
    lookup.update({term.zh: code for code, term in col.terms.items()})
    return lookup


_TERMS_CACHE: dict[tuple[str, str], dict[str, str]] = {}


def _text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.isoformat(sep=" ")
    return str(value).strip()


def _excel_serial(value: float) -> dt.datetime:
    """An Excel date serial as a datetime; a number far outside the calendar is a
    ValueError (a rejected cell), not an OverflowError that stops the load."""
    try:
        return _EXCEL_EPOCH + dt.timedelta(days=float(value))
    except (OverflowError, ValueError):
        raise ValueError(f"{value!r} is not an Excel date (out of range)") from None


def _date(value: Any, excel: bool) -> dt.date:
    if isinstance(value, dt.datetime):
        if value.time() != dt.time(0):
            raise ValueError(f"expected a date without a time, got {value.isoformat(sep=' ')}")
        return value.date()
    if isinstance(value, dt.date):
        return value
    if excel and isinstance(value, int | float) and not isinstance(value, bool):
        return _excel_serial(value).date()
    text = _text(value)
    m = _DATE.match(text)
    if m is None:
        moment = _datetime_text(text)
        if moment is not None and moment.time() == dt.time(0):
            return moment.date()
        raise ValueError(f"{text!r} is not a date; write it as 2013-04-02 or 2013/4/2")
    try:
        return dt.date(int(m[1]), int(m[2]), int(m[3]))
    except ValueError as exc:
        raise ValueError(f"{text!r} is not a valid date ({exc})") from None


def _datetime_text(text: str) -> dt.datetime | None:
    m = _DATETIME.match(text)
    if m is None:
        return None
    micro = int((m[7] or "0").ljust(6, "0"))
    try:
        return dt.datetime(
            int(m[1]),
            int(m[2]),
            int(m[3]),
            int(m[4] or 0),
            int(m[5] or 0),
            int(m[6] or 0),
            micro,
        )
    except ValueError as exc:
        raise ValueError(f"{text!r} is not a valid date and time ({exc})") from None


def _datetime(value: Any, excel: bool) -> dt.datetime:
    if isinstance(value, dt.datetime):
        if value.tzinfo is not None:
            raise ValueError("give local time without a time zone")
        return value
    if isinstance(value, dt.date):
        return dt.datetime.combine(value, dt.time(0))
    if excel and isinstance(value, int | float) and not isinstance(value, bool):
        return _excel_serial(value)
    text = _text(value)
    moment = _datetime_text(text)
    if moment is None:
        raise ValueError(
            f"{text!r} is not a date and time; write it as 2013-04-02T09:30:00 "
            "or 2013/4/2 9:30 (local time, no time zone)"
        )
    return moment


def _geojson_to_wkt(geo: Any) -> str:
    if isinstance(geo, str):
        geo = json.loads(geo)
    if not isinstance(geo, dict):
        raise ValueError("GeoJSON must be an object")
    if geo.get("type") == "Feature":
        geo = geo.get("geometry") or {}
    kind = geo.get("type")
    coords = geo.get("coordinates")

    def ring(points: Any) -> str:
        return "(" + ", ".join(f"{float(p[0])!r} {float(p[1])!r}" for p in points) + ")"

    def polygon(rings: Any) -> str:
        return "(" + ", ".join(ring(r) for r in rings) + ")"

    try:
        if kind == "Polygon":
            return "POLYGON " + polygon(coords)
        if kind == "MultiPolygon":
            return "MULTIPOLYGON (" + ", ".join(polygon(p) for p in coords) + ")"
    except (TypeError, IndexError, ValueError):
        raise ValueError("GeoJSON coordinates are malformed") from None
    raise ValueError(f"GeoJSON type {kind!r} is not supported; use Polygon or MultiPolygon")


def _geometry(value: Any) -> str:
    if isinstance(value, dict):
        return _geojson_to_wkt(value)
    text = _text(value)
    if text.startswith("{"):
        try:
            return _geojson_to_wkt(text)
        except json.JSONDecodeError:
            raise ValueError("boundary looks like GeoJSON but is not valid JSON") from None
    if not _WKT.match(text):
        raise ValueError(
            "boundary must be WKT such as POLYGON((113.91 30.92, 113.92 30.92, ...)) "
            "or a GeoJSON Polygon"
        )
    return re.sub(r"\s+", " ", text)


def parse_value(table: str, col: Column, value: Any, *, excel: bool = False) -> Any:
    """Convert one cell to its Python value; raises ValueError with a plain message.

    `excel` allows bare numbers in date columns (Excel date serials).
    """
    kind = col.type
    if col.terms is not None and isinstance(value, str):
        key = (table, col.name)
        known = _TERMS_CACHE.get(key) or _TERMS_CACHE.setdefault(key, _terms_lookup(col))
        text = value.strip()
        value = known.get(text) or known.get(text.lower()) or value
    if type(value) is str:
        # Fast paths for what CSV gives (already stripped by the reader); anything
        # unusual falls through to the general conversions below.
        fast = _fast_text(kind, value)
        if fast is not None:
            return fast if col.minimum is None and col.maximum is None else _range(col, fast)
    if kind in ("str", "id"):
        result: Any = _text(value)
    elif kind == "int":
        if isinstance(value, bool):
            raise ValueError(f"{value!r} is not a whole number")
        if isinstance(value, float):
            if not value.is_integer():
                raise ValueError(f"{value!r} is not a whole number")
            result = int(value)
        elif isinstance(value, int):
            result = value
        else:
            text = _text(value).replace(",", "")
            if not _INT.match(text):
                raise ValueError(f"{text!r} is not a whole number")
            result = int(text.split(".")[0])
    elif kind == "float":
        if isinstance(value, bool):
            raise ValueError(f"{value!r} is not a number")
        try:
            result = float(
                value if isinstance(value, int | float) else _text(value).replace(",", "")
            )
        except ValueError:
            raise ValueError(f"{_text(value)!r} is not a number") from None
        if not math.isfinite(result):
            raise ValueError(f"{_text(value)!r} is not a finite number")
    elif kind == "bool":
        if isinstance(value, bool):
            result = value
        else:
            text = _text(value).lower()
            if text in _TRUE:
                result = True
            elif text in _FALSE:
                result = False
            else:
                raise ValueError(f"{text!r} is not true/false (also accepted: 1/0, yes/no, 是/否)")
    elif kind == "date":
        result = _date(value, excel)
    elif kind == "datetime":
        result = _datetime(value, excel)
    elif kind == "enum":
        key = (table, col.name)
        lookup = _ENUM_CACHE.get(key) or _ENUM_CACHE.setdefault(key, _enum_lookup(col))
        text = _text(value)
        code = lookup.get(text.lower()) or lookup.get(text)
        if code is None:
            assert col.enum is not None
            allowed = ", ".join(f"{c} ({t.zh})" for c, t in col.enum.items())
            raise ValueError(f"{text!r} is not an allowed value; use one of: {allowed}")
        result = code
    elif kind == "list":
        items = value if isinstance(value, list) else _LIST_SEP.split(_text(value))
        result = [_text(v) for v in items if v is not None and _text(v)]
    elif kind == "geometry":
        result = _geometry(value)
    else:  # pragma: no cover - tables.py only uses the types above
        raise ValueError(f"unknown column type {kind!r}")
    return _range(col, result)


def _range(col: Column, result: Any) -> Any:
    if isinstance(result, int | float) and not isinstance(result, bool):
        # a whole float is shown as typed ("-5000", not "-5000.0")
        shown = int(result) if isinstance(result, float) and result.is_integer() else result
        if col.minimum is not None and result < col.minimum:
            raise ValueError(f"{shown} is below the minimum {col.minimum:g}")
        if col.maximum is not None and result > col.maximum:
            raise ValueError(f"{shown} is above the maximum {col.maximum:g}")
    return result


def _fast_text(kind: str, text: str) -> Any:
    """The common, unambiguous spellings of each type, converted cheaply; None otherwise.

    Must agree with the general path: it only accepts text that path would accept
    and convert to the same value.
    """
    if kind == "str" or kind == "id":
        return text if text == text.strip() else None
    if kind == "int":
        return int(text) if text.isascii() and text.isdigit() else None
    if kind == "date":
        if len(text) == 10 and text[4] == "-" and text[7] == "-" and text.isascii():
            try:
                return dt.date.fromisoformat(text)
            except ValueError:
                return None
        return None
    if kind == "datetime":
        if (
            len(text) == 19
            and text[4] == "-"
            and text[10] == "T"
            and text[13] == ":"
            and text[16] == ":"
            and text.isascii()
        ):
            try:
                return dt.datetime.fromisoformat(text)
            except ValueError:
                return None
        return None
    if kind == "bool":
        if text == "true" or text == "false":
            return text == "true"
        return None
    return None


@dataclass
class ParsedRow:
    """A row with typed values (None for missing), ready for the writer."""

    table: str
    origin: Origin
    values: dict[str, Any]


def _missing_header(source: TableSource) -> frozenset[str]:
    """Required columns absent from the header, computed once per source and header."""
    cached = source.__dict__.get("_missing_cache")
    if cached is None or cached[0] is not source.columns or cached[1] != len(source.columns):
        cached = (source.columns, len(source.columns), frozenset(source.missing_required))
        source.__dict__["_missing_cache"] = cached
    return cached[2]


def parse_row(source: TableSource, raw: RawRow) -> tuple[ParsedRow, list[Problem]]:
    """Type-check one raw row; returns the typed row and its problems."""
    table = source.table
    problems: list[Problem] = []
    if raw.problem:
        problems.append(Problem(table.name, raw.origin, None, raw.problem))
    values: dict[str, Any] = {}
    excel = source.format == "xlsx"
    missing_header = _missing_header(source)
    raw_values = raw.values
    for col in table.columns:
        value = raw_values.get(col.name)
        if value is None:
            values[col.name] = None
            if col.name in missing_header:
                problems.append(
                    Problem(
                        table.name,
                        raw.origin,
                        col.name,
                        f"required column {col.name} ({col.zh}) is missing from the header",
                    )
                )
            elif col.required:
                problems.append(
                    Problem(table.name, raw.origin, col.name, f"a value is required ({col.doc})")
                )
            continue
        try:
            values[col.name] = parse_value(table.name, col, value, excel=excel)
        except ValueError as exc:
            values[col.name] = None
            problems.append(Problem(table.name, raw.origin, col.name, str(exc)))
        else:
            if col.personal and privacy.is_display_form(col.name, values[col.name]):
                problems.append(
                    Problem(
                        table.name,
                        raw.origin,
                        col.name,
                        "holds a display form (脱敏), not the clear value: restore from an "
                        "export made with `gridnet export --unmasked`",
                    )
                )
    return ParsedRow(table.name, raw.origin, values), problems


# --- database lookups -------------------------------------------------------------------
class Lookup(Protocol):
    """Finds which referenced ids already exist in the database."""

    def find(self, table: str, ids: list[str]) -> dict[str, dict[str, Any]]:
        """Return {id: attributes} for the ids of `table` that exist."""
        ...


class NoLookup:
    """An empty database: every reference must be satisfied by the input itself."""

    def find(self, table: str, ids: list[str]) -> dict[str, dict[str, Any]]:
        return {}


class DatabaseLookup:
    """Looks ids up in Neo4j in batches with parameterised `UNWIND $ids` queries."""

    def __init__(self, settings: Any = None, batch_size: int = LOOKUP_BATCH) -> None:
        self.settings = settings
        self.batch_size = batch_size
        self.statements = db.load_named_cypher(CYPHER_DIR / "lookup.cypher")

    def find(self, table: str, ids: list[str]) -> dict[str, dict[str, Any]]:
        found: dict[str, dict[str, Any]] = {}
        query = self.statements[table]
        for start in range(0, len(ids), self.batch_size):
            batch = ids[start : start + self.batch_size]
            for record in db.read(query, {"ids": batch}, settings=self.settings):
                found[record["id"]] = record
        return found


# --- validation -------------------------------------------------------------------------
# Multi-column keys (link tables) are kept as one string, not a tuple of strings: a
# million service ties then cost a third of the memory.
_KEY_SEP = "\x1f"


def _key(table: Table, values: dict[str, Any]) -> str | None:
    """The row's key: its id, or the key columns joined; None when the key is missing."""
    if table.key == ("id",):
        return values.get("id")
    parts = [values.get(k) for k in table.key]
    if parts[0] is None:
        return None
    return _KEY_SEP.join("" if v is None else str(v) for v in parts)


def _references(table: Table, values: dict[str, Any]) -> Iterator[tuple[Column, str, str]]:
    """(column, referenced table, id) for every reference the row makes."""
    for col in table.columns:
        value = values.get(col.name)
        if value is None:
            continue
        if col.ref:
            yield col, col.ref, value
        elif col.ref_by:
            kind = values.get(col.ref_by)
            target = REF_BY_TABLE[col.ref_by].get(kind) if kind else None
            if target:
                yield col, target, value


@dataclass
class TableResult:
    """What validation decided for one table."""

    source: TableSource
    rows: int = 0
    rejected: dict[int, list[Problem]] = field(default_factory=dict)
    """Row number -> its problems."""

    @property
    def accepted_count(self) -> int:
        return self.rows - len(self.rejected)


@dataclass
class Report:
    """The outcome of validation: problems, rejected rows, and how to stream valid ones."""

    dataset: Dataset
    tables: dict[str, TableResult]
    warnings: list[str]

    @property
    def problems(self) -> list[Problem]:
        return [p for t in self.tables.values() for ps in t.rejected.values() for p in ps]

    @property
    def rows(self) -> int:
        return sum(t.rows for t in self.tables.values())

    @property
    def rejected_rows(self) -> int:
        return sum(len(t.rejected) for t in self.tables.values())

    @property
    def accepted_rows(self) -> int:
        return self.rows - self.rejected_rows

    def accepted(self, table: str) -> Iterator[ParsedRow]:
        """Stream the valid rows of one table (re-reading its file)."""
        result = self.tables[table]
        for raw in result.source.rows():
            if raw.origin.row in result.rejected:
                continue
            parsed, problems = parse_row(result.source, raw)
            if problems:  # pragma: no cover - the file changed since validation
                raise RuntimeError(f"{raw.origin}: changed since validation")
            yield parsed


class _Validator:
    def __init__(self, dataset: Dataset, lookup: Lookup) -> None:
        self.dataset = dataset
        self.lookup = lookup
        self.results: dict[str, TableResult] = {}
        self.defined: dict[str, dict[Any, int]] = {}
        """table -> key -> first row defining it (every parsed row, valid or not)."""
        self.duplicates: dict[str, dict[Any, list[int]]] = {}
        self.wanted: dict[str, set[str]] = {}
        """Referenced ids not (yet) defined by the input: looked up in the database."""
        self.area_level: dict[str, str] = {}
        self.building_grid: dict[str, str] = {}
        self.household_grid: dict[str, str] = {}
        """First grid of each household; `household_grids_seen` only for the few in several."""
        self.household_grids_seen: dict[str, set[str]] = {}
        self.parents: dict[str, dict[str, str | None]] = {}
        self.rejected_keys: dict[str, set[Any]] = {}
        """Keys of rejected rows; a defined key not in here (once linked) is valid. Kept
        instead of a set of valid keys, which would hold every id a second time."""
        self.linked: set[str] = set()
        self.in_db: dict[str, dict[str, dict[str, Any]]] = {}

    def grids_of(self, household: Any) -> set[str]:
        """Every grid the input gives for one household id."""
        seen = self.household_grids_seen.get(household)
        if seen is not None:
            return seen
        first = self.household_grid.get(household)
        return {first} if first is not None else set()

    def is_ok(self, table: str, key: Any) -> bool:
        """Whether `key` is defined by a valid row of an already linked table."""
        return (
            table in self.linked
            and key in self.defined.get(table, {})
            and key not in self.rejected_keys.get(table, ())
        )

    def reject(self, result: TableResult, problem: Problem) -> None:
        assert problem.origin is not None
        result.rejected.setdefault(problem.origin.row, []).append(problem)

    # pass 1 ----------------------------------------------------------------------------
    def parse_pass(self, source: TableSource) -> None:
        table = source.table
        result = self.results[table.name] = TableResult(source)
        defined = self.defined.setdefault(table.name, {})
        duplicates = self.duplicates.setdefault(table.name, {})
        rejected_keys = self.rejected_keys.setdefault(table.name, set())
        self_ref = any(c.ref == table.name for c in table.columns)
        households = table.name == "households"
        for raw in source.rows():
            result.rows += 1
            parsed, problems = parse_row(source, raw)
            values = parsed.values
            for problem in problems:
                self.reject(result, problem)
            key = _key(table, values)
            if key is not None:
                if problems:
                    rejected_keys.add(key)
                if key in defined:
                    duplicates.setdefault(key, [defined[key]]).append(raw.origin.row)
                else:
                    defined[key] = raw.origin.row
                if households and values.get("grid_id"):
                    grid = sys.intern(values["grid_id"])
                    first = self.household_grid.setdefault(key, grid)
                    if first != grid:
                        self.household_grids_seen.setdefault(key, {first}).add(grid)
                if table.name == "areas" and values.get("level"):
                    self.area_level[key] = values["level"]
                if table.name == "buildings" and values.get("grid_id"):
                    self.building_grid[key] = values["grid_id"]
                if self_ref:
                    self.parents.setdefault(table.name, {})[key] = values.get("parent_id")
            for _col, target, ref in _references(table, values):
                # Load order puts referenced tables first, so almost every reference is
                # already defined: only the rest need remembering for the database look-up.
                if ref not in self.defined.get(target, ()):
                    self.wanted.setdefault(target, set()).add(ref)

    def lookup_database(self) -> None:
        for target, ids in self.wanted.items():
            unknown = sorted(ids - set(self.defined.get(target, {})))
            self.in_db[target] = self.lookup.find(target, unknown) if unknown else {}

    # pass 2 ----------------------------------------------------------------------------
    def where(self, table: str, key: Any) -> str:
        row = self.defined.get(table, {}).get(key)
        source = self.results[table].source if table in self.results else None
        if row is None or source is None:
            return ""
        return f" ({source.display}, row {row})"

    def check_reference(
        self, table: Table, col: Column, target: str, ref: str, origin: Origin
    ) -> Problem | None:
        label = TABLES[target].label
        if target == table.name:
            return None  # self references are settled after the whole table is checked
        if self.is_ok(target, ref):
            return None
        if ref in self.defined.get(target, {}):
            return Problem(
                table.name,
                origin,
                col.name,
                f"refers to {label} {ref!r}, which was rejected{self.where(target, ref)}; "
                "fix that row first",
            )
        if ref in self.in_db.get(target, {}):
            return None
        return Problem(
            table.name,
            origin,
            col.name,
            f"refers to {label} {ref!r}, which is neither in the input nor in the database",
        )

    def area_level_of(self, area: str) -> str | None:
        if area in self.area_level:
            return self.area_level[area]
        found = self.in_db.get("areas", {}).get(area)
        return found.get("level") if found else None

    def building_grid_of(self, building: str) -> str | None:
        if building in self.building_grid:
            return self.building_grid[building]
        found = self.in_db.get("buildings", {}).get(building)
        return found.get("grid_id") if found else None

    def domain_rules(self, table: Table, values: dict[str, Any], origin: Origin) -> list[Problem]:
        name = table.name
        problems: list[Problem] = []

        def add(column: str, message: str) -> None:
            problems.append(Problem(name, origin, column, message))

        if name == "areas" and values.get("level"):
            level, parent = values["level"], values.get("parent_id")
            if level == "city" and parent:
                add("parent_id", "a city has no parent area; leave parent_id empty")
            elif level != "city" and not parent:
                add("parent_id", f"a {level} ({model.AREA_LEVELS[level].zh}) needs a parent area")
            elif parent:
                parent_level = self.area_level_of(parent)
                allowed = model.PARENT_LEVEL.get(level, ())
                if parent_level is not None and parent_level not in allowed:
                    add(
                        "parent_id",
                        f"the parent of a {level} must be a "
                        f"{' or '.join(allowed)}, but {parent!r} is a {parent_level}",
                    )
        elif name == "grids" and values.get("community_id"):
            level = self.area_level_of(values["community_id"])
            if level is not None and level not in model.GRID_PARENT_LEVELS:
                add(
                    "community_id",
                    f"a grid must lie in a community (社区) or village (村), "
                    f"but {values['community_id']!r} is a {level}",
                )
        elif name == "households":
            key = values.get("id")
            grids = self.grids_of(key)
            if len(grids) > 1:
                rows = self.duplicates.get("households", {}).get(key, [])
                add(
                    "grid_id",
                    f"household {key!r} is given in {len(grids)} grids "
                    f"({', '.join(sorted(grids))}) on rows {', '.join(map(str, rows))}; "
                    "a household lives in exactly one grid",
                )
            building, grid = values.get("building_id"), values.get("grid_id")
            if building and grid:
                building_grid = self.building_grid_of(building)
                if building_grid is not None and building_grid != grid:
                    add(
                        "building_id",
                        f"building {building!r} stands in grid "
                        f"{building_grid!r}, not in the household's grid {grid!r}",
                    )
        elif name == "organisations":
            if values.get("parent_id") and values["parent_id"] == values.get("id"):
                add("parent_id", "an organisation cannot be its own parent")
        elif name == "service_requests":
            opened, closed = values.get("opened_at"), values.get("closed_at")
            if opened and closed and closed < opened:
                add("closed_at", "closed before it was opened")
        return problems

    def link_pass(self, source: TableSource) -> None:
        table = source.table
        result = self.results[table.name]
        duplicates = self.duplicates.get(table.name, {})
        rejected_keys = self.rejected_keys.setdefault(table.name, set())
        ok: set[Any] = set()
        """Valid keys of this table, kept only to settle parent chains (small tables)."""
        rows_of: dict[Any, Origin] = {}
        self_ref_col = next((c for c in table.columns if c.ref == table.name), None)
        for raw in source.rows():
            if raw.origin.row in result.rejected:
                continue
            parsed, _ = parse_row(source, raw)
            values = parsed.values
            problems: list[Problem] = []
            key = _key(table, values)
            if (
                key is not None
                and key in duplicates
                and not (table.name == "households" and len(self.grids_of(key)) > 1)
            ):
                others = [r for r in duplicates[key] if r != raw.origin.row]
                shown = (
                    key
                    if len(table.key) == 1
                    else ", ".join(
                        f"{k}={v}" for k, v in zip(table.key, key.split(_KEY_SEP), strict=True) if v
                    )
                )
                problems.append(
                    Problem(
                        table.name,
                        raw.origin,
                        table.key[0] if len(table.key) == 1 else None,
                        f"duplicate {'id' if table.key == ('id',) else 'key'} {shown!s} "
                        f"(also on row {', '.join(map(str, others))}); keep one row",
                    )
                )
            for col, target, ref in _references(table, values):
                problem = self.check_reference(table, col, target, ref, raw.origin)
                if problem is not None:
                    problems.append(problem)
            problems.extend(self.domain_rules(table, values, raw.origin))
            if self_ref_col is not None:
                parent = values.get(self_ref_col.name)
                if (
                    parent
                    and parent not in self.defined.get(table.name, {})
                    and parent not in self.in_db.get(table.name, {})
                ):
                    problems.append(
                        Problem(
                            table.name,
                            raw.origin,
                            self_ref_col.name,
                            f"refers to {table.label} {parent!r}, which is neither in the input "
                            "nor in the database",
                        )
                    )
            for problem in problems:
                self.reject(result, problem)
            if problems and key is not None:
                rejected_keys.add(key)
            elif not problems and table.label and self_ref_col is not None:
                ok.add(key)
                rows_of[key] = raw.origin
        if self_ref_col is not None:
            valid = set(ok)
            self.settle_self_references(table, self_ref_col, ok, rows_of)
            rejected_keys.update(valid - ok)
        self.linked.add(table.name)

    def settle_self_references(
        self, table: Table, col: Column, ok: set[Any], rows_of: dict[Any, Origin]
    ) -> None:
        """Cascade rejections along parent chains and reject loops."""
        parents = self.parents.get(table.name, {})
        defined = self.defined.get(table.name, {})
        changed = True
        while changed:
            changed = False
            for key in sorted(ok):
                parent = parents.get(key)
                if parent and parent in defined and parent not in ok:
                    ok.discard(key)
                    changed = True
                    self.reject(
                        self.results[table.name],
                        Problem(
                            table.name,
                            rows_of[key],
                            col.name,
                            f"refers to {table.label} {parent!r}, which was rejected"
                            f"{self.where(table.name, parent)}; fix that row first",
                        ),
                    )
        for start in sorted(ok):
            seen = [start]
            node = parents.get(start)
            while node and node in ok and node not in seen:
                seen.append(node)
                node = parents.get(node)
            if node == start:
                for key in seen:
                    ok.discard(key)
                    self.reject(
                        self.results[table.name],
                        Problem(
                            table.name,
                            rows_of[key],
                            col.name,
                            f"the {col.name} chain loops: {' -> '.join(seen + [start])}",
                        ),
                    )

    def run(self) -> Report:
        order = self.dataset.ordered()
        for source in order:
            self.parse_pass(source)
        self.lookup_database()
        for source in order:
            self.link_pass(source)
        return Report(self.dataset, self.results, list(self.dataset.warnings))


def validate(dataset: Dataset, lookup: Lookup | None = None) -> Report:
    """Check every row of `dataset`; `lookup` finds referenced ids in the database.

    Without a lookup, references must be satisfied by the input alone.
    """
    return _Validator(dataset, lookup or NoLookup()).run()


# --- rejects file -----------------------------------------------------------------------
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

    UTF-8 with BOM so that Excel opens the Chinese text correctly. Returns the
    number of rejected rows written.
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
            for raw in result.source.rows():
                problems = result.rejected.get(raw.origin.row)
                if not problems:
                    continue
                count += 1
                cells = [_cell(raw.raw.get(c)) for c in value_columns]
                for problem in problems:
                    writer.writerow(
                        [
                            problem.table,
                            raw.origin.file
                            if not raw.origin.sheet
                            else f"{raw.origin.file}:{raw.origin.sheet}",
                            raw.origin.row,
                            problem.column or "",
                            problem.message,
                            *cells,
                        ]
                    )
    return count


def iter_problems(report: Report) -> Iterable[Problem]:
    """Problems in load order and row order, for printing."""
    for result in report.tables.values():
        for row in sorted(result.rejected):
            yield from result.rejected[row]
