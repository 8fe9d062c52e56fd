"""Parse one raw row into typed values, once, and say what the row is about.

Why a module of its own: a row is parsed exactly once per load (the passes then
work on the typed values kept in the spool), so everything that turns a
`RawRow` into typed values and per-row problems is here, next to the two facts
every later stage asks about a row: its key and the references it makes.

A `Problem` is the unit every stage reports in: one thing wrong with one row,
with the table, the row's origin and the column, so that a planner can find the
cell in Excel.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from gridnet import privacy
from gridnet.loaders.readers import Origin, RawRow, TableSource
from gridnet.loaders.tables import REF_BY_TABLE, TABLES, Column, Table
from gridnet.loaders.values import parse_value

__all__ = ["KEY_SEP", "Problem", "key_of", "parse_row", "references", "show_key"]

# Multi-column keys (link tables) are kept as one string, not a tuple of strings: a
# million service ties then cost a third of the memory.
KEY_SEP = "\x1f"


@dataclass(frozen=True)
class Problem:
    """One thing wrong with one row (or a whole table when origin is None).

    Also the form of a row-level warning: the same place, a message, but the row loads.
    """

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


def _missing_header(source: TableSource) -> frozenset[str]:
    """Required columns absent from the header, computed once per source and header."""
    cached = source.__dict__.get("_missing_cache")
    if cached is None or cached[0] is not source.columns or cached[1] != len(source.columns):
        cached = (source.columns, len(source.columns), frozenset(source.missing_required))
        source.__dict__["_missing_cache"] = cached
    return cached[2]


def parse_row(source: TableSource, raw: RawRow) -> tuple[dict[str, Any], list[Problem]]:
    """Type-check one raw row: every column's typed value (None when missing) and the
    row's own problems (malformed row, missing or unparsable values, display forms)."""
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
    return values, problems


def key_of(table: Table, values: Mapping[str, Any]) -> str | None:
    """The row's key: its id, or the key columns joined; None when the key is missing."""
    if table.key == ("id",):
        key = values.get("id")
        return None if key is None else str(key)
    parts = [values.get(k) for k in table.key]
    if parts[0] is None:
        return None
    return KEY_SEP.join("" if v is None else str(v) for v in parts)


def show_key(table: Table, key: str) -> str:
    """A key as a person reads it: the id, or ``column=value`` pairs of a link table."""
    if len(table.key) == 1:
        return key
    return ", ".join(f"{k}={v}" for k, v in zip(table.key, key.split(KEY_SEP), strict=True) if v)


def references(table: Table, values: Mapping[str, Any]) -> Iterator[tuple[Column, str, str]]:
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
