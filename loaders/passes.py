"""Check a whole dataset before anything is written, and decide which rows load.

Tables are checked one after another in load order, so every table a row refers
to is complete, and decided, before the row is checked. Each table gets two passes:

1. *parse*: every row is read and parsed once (`rows.parse_row`: types, required
   and allowed values, ranges, malformed rows); its key and what later rules need
   of it (`rules.Facts`) are noted, and the typed row goes to the table's `Spool`;
2. *check*, over the spool a chunk at a time: duplicate keys, references (to valid
   rows of earlier tables, or to nodes already in the database, looked up for the
   chunk in one query per table), the domain rules (`rules.check`) and warnings
   (`rules.warnings`); then the parent chains of a self-referencing table
   (cascades and loops).

A row that fails is rejected, and so is every row that references a rejected row
(cascade), so that nothing half-connected is ever written. The `Report` streams
the valid rows (for the writer) and the rejected ones (for the rejects file) back
from the spools; nothing reads an input file twice.

Memory: after a table is checked, only what later tables need of it stays: its
accepted and rejected keys when other tables refer to it (areas, grids,
buildings, organisations, households, people, platforms, service categories) and
the few facts the rules read (area levels, building grids, lighthouse
households). The keys of tables nothing refers to (link tables, requests,
funding, activities, ratings: the longest ones) are dropped as soon as their
table is decided, and database look-ups are cached only up to `LOOKUP_CACHE` ids.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from gridnet.loaders import rules
from gridnet.loaders.lookups import Lookup, NoLookup
from gridnet.loaders.readers import Dataset, Origin, TableSource
from gridnet.loaders.rows import Problem, key_of, parse_row, references, show_key
from gridnet.loaders.spool import Spool
from gridnet.loaders.tables import REF_BY_TABLE, TABLES, Column, Table

__all__ = ["LOOKUP_CACHE", "REFERENCED", "Report", "TableResult", "iter_problems", "validate"]

LOOKUP_CACHE = 200_000
"""Database look-up results kept across chunks; beyond this the cache starts afresh."""

REFERENCED = frozenset(
    {c.ref for t in TABLES.values() for c in t.columns if c.ref}
    | {target for kinds in REF_BY_TABLE.values() for target in kinds.values()}
)
"""Tables whose ids other rows refer to: their keys are kept until the load is checked."""


@dataclass
class TableResult:
    """What validation decided for one table."""

    source: TableSource
    rows: int = 0
    rejected: dict[int, list[Problem]] = field(default_factory=dict)
    """Row number -> its problems."""
    warned: list[Problem] = field(default_factory=list)
    """Warnings about rows that load."""
    spool: Spool | None = field(default=None, repr=False)

    @property
    def accepted_count(self) -> int:
        return self.rows - len(self.rejected)

    def _spool(self) -> Spool:
        if self.spool is None:
            raise RuntimeError(f"{self.source.name}: the report is closed; its rows are gone")
        return self.spool

    def close(self) -> None:
        if self.spool is not None:
            self.spool.close()
            self.spool = None


class Report:
    """The outcome of validation: problems, warnings, and the rows to write or to reject.

    Holds each table's spool until `close` (or the end of a ``with`` block); the
    counts and problems stay readable afterwards.
    """

    def __init__(self, dataset: Dataset, tables: dict[str, TableResult], warnings: list[str]):
        self.dataset = dataset
        self.tables = tables
        self.warnings = warnings
        """The dataset's warnings (ignored files, sheets, columns), then every row warning."""

    def __enter__(self) -> Report:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Delete the spooled rows."""
        for result in self.tables.values():
            result.close()

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

    def accepted(self, table: str) -> Iterator[dict[str, Any]]:
        """The valid rows of one table, in file order, as typed values by column."""
        result = self.tables[table]
        names = result.source.table.column_names
        rejected = result.rejected
        for row, cells, _raw in result._spool():
            if row not in rejected:
                yield dict(zip(names, cells, strict=True))

    def rejected_records(self, table: str) -> Iterator[tuple[int, dict[str, Any], list[Problem]]]:
        """(row, cells as read, problems) of every rejected row of one table, in file order."""
        result = self.tables[table]
        rejected = result.rejected
        if not rejected:
            return
        for row, _cells, raw in result._spool():
            problems = rejected.get(row)
            if problems:
                yield row, raw, problems


def iter_problems(report: Report) -> Iterable[Problem]:
    """Problems in load order and row order, for printing."""
    for result in report.tables.values():
        for row in sorted(result.rejected):
            yield from result.rejected[row]


def _origin(source: TableSource, row: int) -> Origin:
    """The origin of a spooled row (the spool keeps row numbers, not origins)."""
    return Origin(source.file.name, source.sheet, row, "item" if source.format == "json" else "row")


class _Checker:
    """The state carried from one table to the next: decided keys, facts, look-ups."""

    def __init__(self, lookup: Lookup) -> None:
        self.lookup = lookup
        self.results: dict[str, TableResult] = {}
        self.valid: dict[str, set[str]] = {}
        """Accepted keys of decided tables that other rows refer to."""
        self.rejected_at: dict[str, dict[str, int]] = {}
        """Rejected keys of the same tables -> the first row that gave them."""
        self.facts = rules.Facts(self.in_input)

    def in_input(self, table: str, key: str) -> bool:
        """Whether a decided table of the input defines `key` (validly or not)."""
        return key in self.valid.get(table, ()) or key in self.rejected_at.get(table, ())

    # --- pass 1 --------------------------------------------------------------------
    def parse(
        self, source: TableSource, result: TableResult, spool: Spool
    ) -> tuple[set[str], dict[str, list[tuple[int, Any]]]]:
        """Parse every row once into the spool; returns the table's keys and, for each
        key given more than once, the later occurrences (row, and grid for households)."""
        table = source.table
        name = table.name
        households = name == "households"
        seen: set[str] = set()
        later: dict[str, list[tuple[int, Any]]] = {}
        record = self.facts.record
        for raw in source.rows():
            result.rows += 1
            values, problems = parse_row(source, raw)
            row = raw.origin.row
            if problems:
                result.rejected[row] = problems
            key = key_of(table, values)
            if key is not None:
                if key in seen:
                    grid = values.get("grid_id") if households else None
                    later.setdefault(key, []).append((row, grid))
                else:
                    seen.add(key)
                record(name, key, values)
            spool.append((row, tuple(values.values()), raw.raw))
        spool.finish()
        return seen, later

    # --- pass 2 --------------------------------------------------------------------
    def look_up(self, table: Table, rows: list[tuple[int, dict[str, Any]]], own: set[str]) -> None:
        """Ask the database, once per referenced table, for the chunk's references that
        the input does not define."""
        cache = self.facts.database
        if sum(len(found) for found in cache.values()) > LOOKUP_CACHE:
            cache.clear()
        wanted: dict[str, set[str]] = {}
        for _row, values in rows:
            for _col, target, ref in references(table, values):
                if target == table.name:
                    if ref in own:
                        continue
                elif self.in_input(target, ref):
                    continue
                if ref not in cache.get(target, ()):
                    wanted.setdefault(target, set()).add(ref)
        for target, ids in wanted.items():
            cache.setdefault(target, {}).update(self.lookup.find(target, sorted(ids)))

    def reference_problem(
        self, table: Table, col: Column, target: str, ref: str, origin: Origin
    ) -> Problem | None:
        """Why a reference to another table fails, or None when it holds."""
        if ref in self.valid.get(target, ()):
            return None
        label = TABLES[target].label
        row = self.rejected_at.get(target, {}).get(ref)
        if row is not None:
            where = f" ({self.results[target].source.display}, row {row})"
            return Problem(
                table.name,
                origin,
                col.name,
                f"refers to {label} {ref!r}, which was rejected{where}; fix that row first",
            )
        if ref in self.facts.database.get(target, {}):
            return None
        return Problem(
            table.name,
            origin,
            col.name,
            f"refers to {label} {ref!r}, which is neither in the input nor in the database",
        )

    def check(
        self,
        source: TableSource,
        result: TableResult,
        spool: Spool,
        seen: set[str],
        later: dict[str, list[tuple[int, Any]]],
    ) -> dict[str, int]:
        """Decide every row the parse pass left standing; returns the rejected keys
        (with their first row) when other rows may refer to this table."""
        table = source.table
        name = table.name
        names = table.column_names
        households = name == "households"
        referenced = name in REFERENCED
        self_col = next((c for c in table.columns if c.ref == name), None)
        rejected = result.rejected
        rejected_keys: dict[str, int] = {}
        first: dict[str, tuple[int, Any]] = {}
        ok: dict[str, Any] = {}
        """Self-referencing tables: valid key -> its parent (small tables)."""
        rows_of: dict[str, int] = {}
        for chunk in spool.chunks():
            rows = [(row, dict(zip(names, cells, strict=True))) for row, cells, _raw in chunk]
            self.look_up(table, [(r, v) for r, v in rows if r not in rejected], seen)
            for row, values in rows:
                key = key_of(table, values)
                if key is not None and key in later and key not in first:
                    first[key] = (row, values.get("grid_id") if households else None)
                if row in rejected:
                    if referenced and key is not None:
                        rejected_keys.setdefault(key, row)
                    continue
                origin = _origin(source, row)
                problems: list[Problem] = []
                several: tuple[str, str] | None = None
                if key is not None and key in later:
                    occurrences = [first[key], *later[key]]
                    numbers = [r for r, _ in occurrences]
                    grids = {g for _, g in occurrences if g}
                    if households and len(grids) > 1:
                        several = rules.several_grids(key, grids, numbers)
                    else:
                        others = ", ".join(str(r) for r in numbers if r != row)
                        problems.append(
                            Problem(
                                name,
                                origin,
                                table.key[0] if len(table.key) == 1 else None,
                                f"duplicate {'id' if table.key == ('id',) else 'key'} "
                                f"{show_key(table, key)} (also on row {others}); keep one row",
                            )
                        )
                for col, target, ref in references(table, values):
                    if target != name:
                        problem = self.reference_problem(table, col, target, ref, origin)
                        if problem is not None:
                            problems.append(problem)
                if several is not None:
                    problems.append(Problem(name, origin, *several))
                for column, message in rules.check(name, values, self.facts):
                    problems.append(Problem(name, origin, column, message))
                if self_col is not None:
                    parent = values.get(self_col.name)
                    if (
                        parent
                        and parent not in seen
                        and parent not in self.facts.database.get(name, {})
                    ):
                        problems.append(
                            Problem(
                                name,
                                origin,
                                self_col.name,
                                f"refers to {table.label} {parent!r}, which is neither in the "
                                "input nor in the database",
                            )
                        )
                if problems:
                    rejected[row] = problems
                    if referenced and key is not None:
                        rejected_keys.setdefault(key, row)
                    continue
                if self_col is not None and key is not None:
                    ok[key] = values.get(self_col.name)
                    rows_of[key] = row
                for column, message in rules.warnings(name, values):
                    result.warned.append(Problem(name, origin, column, message))
        if self_col is not None:
            for key, column, message in self.settle(table, self_col, ok, seen, rejected_keys):
                row = rows_of[key]
                rejected.setdefault(row, []).append(
                    Problem(name, _origin(source, row), column, message)
                )
                rejected_keys.setdefault(key, row)
            result.warned = [w for w in result.warned if w.origin and w.origin.row not in rejected]
        return rejected_keys

    def settle(
        self,
        table: Table,
        col: Column,
        ok: dict[str, Any],
        defined: set[str],
        rejected_keys: dict[str, int],
    ) -> Iterator[tuple[str, str, str]]:
        """Cascade rejections along parent chains and reject loops: (key, column, message)
        for each row that falls; `ok` keeps the rows that stand."""
        display = self.results[table.name].source.display
        changed = True
        while changed:
            changed = False
            for key in sorted(ok):
                parent = ok[key]
                if parent and parent in defined and parent not in ok:
                    del ok[key]
                    changed = True
                    row = rejected_keys.get(parent)
                    where = f" ({display}, row {row})" if row is not None else ""
                    yield (
                        key,
                        col.name,
                        f"refers to {table.label} {parent!r}, which was rejected{where}; "
                        "fix that row first",
                    )
        for start in sorted(ok):
            chain = [start]
            node = ok.get(start)
            while node and node in ok and node not in chain:
                chain.append(node)
                node = ok.get(node)
            if node == start:
                for key in chain:
                    ok.pop(key, None)
                    loop = " -> ".join(chain + [start])
                    yield key, col.name, f"the {col.name} chain loops: {loop}"

    def table(self, source: TableSource) -> TableResult:
        """Both passes over one table; afterwards only what later tables need is kept."""
        name = source.table.name
        result = self.results[name] = TableResult(source, spool=Spool())
        assert result.spool is not None
        try:
            seen, later = self.parse(source, result, result.spool)
            rejected_keys = self.check(source, result, result.spool, seen, later)
        except BaseException:
            result.close()
            raise
        if name in REFERENCED:
            seen.difference_update(rejected_keys)
            self.valid[name] = seen
            self.rejected_at[name] = rejected_keys
        return result


def validate(dataset: Dataset, lookup: Lookup | None = None) -> Report:
    """Check every row of `dataset`; `lookup` finds referenced ids in the database.

    Without a lookup, references must be satisfied by the input alone. Use the
    report as a context manager (or `close` it) to delete its spooled rows.
    """
    checker = _Checker(lookup or NoLookup())
    try:
        for source in dataset.ordered():
            checker.table(source)
    except BaseException:
        for result in checker.results.values():
            result.close()
        raise
    warnings = list(dataset.warnings)
    warnings += [str(w) for r in checker.results.values() for w in r.warned]
    return Report(dataset, checker.results, warnings)
