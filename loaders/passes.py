"""Check a whole dataset before anything is written, and decide which rows load.

Tables are checked one after another in load order, so every table a row refers
to is complete, and decided, before the row is checked:

1. *parse*: every row is read and parsed once (`rows.parse_row`: types, required
   and allowed values, ranges, malformed rows); its key and what later rules need
   of it (`rules.Facts`) are noted, and the typed row goes to the table's `Spool`.
   A chunk at a time, the rows are also *checked*: references (to valid rows of
   earlier tables, or to nodes already in the database, looked up for the chunk in
   one query per table), the domain rules (`rules.check`) and warnings
   (`rules.warnings`);
2. what needs the whole table, from the spool: rows whose key is given more than
   once (duplicates; a household in several grids), and a self-referencing table
   (areas, organisations), which is checked only once it is read whole because a
   parent may come later in the file, then its parent chains settled (cascades
   and loops).

A row that fails is rejected, and so is every row that references a rejected row
(cascade), so that nothing half-connected is ever written. The `Report` streams
the valid rows (for the writer) and the rejected ones (for the rejects file) back
from the spools; nothing reads an input file twice.

Memory: keys are not held in Python. Every key a table gives, and the first row
that rejected it, goes to an on-disk index (`keyindex.KeyIndex`, a temporary SQLite
file), asked one chunk at a time: which keys of the chunk were given before
(duplicates; only the keys given twice are then kept, with their rows), and which
references the input defines, validly or not. After a table is decided, its keys
stay in the index only when other tables refer to it (areas, grids, buildings,
organisations, households, people, platforms, service categories). In memory stay
the few facts the rules read (area levels, building grids, lighthouse households),
a self-referencing table's parent links until they are settled, the rejected rows'
problems, and database look-ups, cached only up to `LOOKUP_CACHE` ids.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from gridnet.loaders import rules
from gridnet.loaders.keyindex import KeyIndex
from gridnet.loaders.lookups import Lookup, NoLookup
from gridnet.loaders.readers import Dataset, Origin, TableSource
from gridnet.loaders.rows import Problem, key_of, parse_row, references, show_key
from gridnet.loaders.spool import CHUNK_ROWS, Spool
from gridnet.loaders.tables import REF_BY_TABLE, TABLES, Column, Table

__all__ = ["LOOKUP_CACHE", "REFERENCED", "Report", "TableResult", "iter_problems", "validate"]

LOOKUP_CACHE = 200_000
"""Database look-up results kept across chunks; beyond this the cache starts afresh."""

REFERENCED = frozenset(
    {c.ref for t in TABLES.values() for c in t.columns if c.ref}
    | {target for kinds in REF_BY_TABLE.values() for target in kinds.values()}
)
"""Tables whose ids other rows refer to: their keys stay in the index until the load
is checked."""


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

    def __init__(
        self, dataset: Dataset, tables: dict[str, TableResult], warnings: list[str]
    ) -> None:
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
        """Every problem, in load order and row order."""
        return list(iter_problems(self))

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


@dataclass
class _Table:
    """One table while it is being checked."""

    source: TableSource
    result: TableResult
    self_col: Column | None
    """The column referring to the same table (a parent), if any."""
    index: KeyIndex
    """Every key the table gives (valid or not), and the rejected ones."""
    later: dict[str, list[tuple[int, Any]]] = field(default_factory=dict)
    """Keys given more than once -> their later occurrences (row, grid for households)."""
    first: dict[str, tuple[int, Any]] = field(default_factory=dict)
    """The same keys -> their first occurrence, once the duplicate pass has met it."""
    unparsed: set[int] = field(default_factory=set)
    """Rows rejected by the parse pass: no further check runs on them."""
    parents: dict[str, Any] = field(default_factory=dict)
    """Self-referencing tables: valid key -> its parent (small tables)."""
    rows_of: dict[str, int] = field(default_factory=dict)

    @property
    def name(self) -> str:
        return self.source.table.name

    def reject(self, row: int, key: str | None, problems: list[Problem]) -> None:
        self.result.rejected[row] = problems
        if key is not None and self.name in REFERENCED:
            self.index.reject(self.name, key, row)


class _Checker:
    """The state carried from one table to the next: decided keys, facts, look-ups."""

    def __init__(self, lookup: Lookup, index: KeyIndex | None = None) -> None:
        self.lookup = lookup
        self.index = index or KeyIndex()
        self.results: dict[str, TableResult] = {}
        self.valid: set[str] = set()
        """Decided tables that other rows refer to: their keys stay in the index (the
        valid ones and, with their first row, the rejected ones)."""
        self.given: dict[str, dict[str, int | None]] = {}
        """What the index said of the references of the rows being checked:
        table -> id it gives -> its first rejected row, or None when the id is valid."""
        self.facts = rules.Facts(self.in_input)

    def in_input(self, table: str, key: str) -> bool:
        """Whether a decided table of the input defines `key` (validly or not)."""
        if table not in self.valid:
            return False
        known = self.given.get(table)
        if known is not None and key in known:
            return True
        return bool(self.index.find(table, (key,)))

    def table(self, source: TableSource) -> TableResult:
        """Parse and check one table; afterwards only what later tables need is kept.

        A table without a parent column is checked a chunk at a time as it is parsed
        (everything its rows refer to is decided already); only rows whose key turns
        out to be given twice are looked at again. A self-referencing table (areas,
        organisations: small) is checked after it is parsed whole, since a parent may
        come later in the file.
        """
        table = source.table
        result = self.results[table.name] = TableResult(source, spool=Spool())
        state = _Table(
            source,
            result,
            next((c for c in table.columns if c.ref == table.name), None),
            self.index,
        )
        try:
            self.parse(state)
            if state.self_col is not None:
                self.recheck(state, whole=True)
                self.settle(state)
            elif state.later:
                self.recheck(state, whole=False)
        except BaseException:
            result.close()
            raise
        rejected = result.rejected
        result.warned = [w for w in result.warned if w.origin and w.origin.row not in rejected]
        if table.name in REFERENCED:
            self.valid.add(table.name)
        else:
            self.index.drop(table.name)
        self.given = {}
        return result

    # --- pass 1: parse (and check) ---------------------------------------------------
    def parse(self, state: _Table) -> None:
        """Read and parse every row once, note its key and facts, spool it; check each
        chunk on the way unless the table refers to itself."""
        source, result = state.source, state.result
        spool = result.spool
        assert spool is not None
        table = source.table
        name = table.name
        record = self.facts.record
        pending: list[tuple[int, str | None, dict[str, Any]]] = []
        for raw in source.rows():
            result.rows += 1
            values, problems = parse_row(source, raw)
            row = raw.origin.row
            key = key_of(table, values)
            if problems:
                state.unparsed.add(row)
                state.reject(row, key, problems)
            if key is not None:
                record(name, key, values)
            spool.append((row, tuple(values.values()), raw.raw))
            pending.append((row, key, values))
            if len(pending) >= CHUNK_ROWS:
                self.parsed(state, pending)
                pending = []
        if pending:
            self.parsed(state, pending)
        spool.finish()

    def parsed(self, state: _Table, rows: list[tuple[int, str | None, dict[str, Any]]]) -> None:
        """Note a chunk's keys in the index (a key given before goes to `later`), then
        check the chunk unless the table refers to itself."""
        households = state.name == "households"
        keyed = [(row, key, values) for row, key, values in rows if key is not None]
        repeated = self.index.given(state.name, [key for _row, key, _values in keyed])
        for (row, key, values), again in zip(keyed, repeated, strict=True):
            if again:
                grid = values.get("grid_id") if households else None
                state.later.setdefault(key, []).append((row, grid))
        if state.self_col is None:
            self.check_rows(state, [(row, values) for row, _key, values in rows], duplicates=False)

    # --- pass 2: what needs the whole table ----------------------------------------
    def recheck(self, state: _Table, whole: bool) -> None:
        """Check again from the spool: every row (`whole`), or only the rows whose key
        is given more than once, now that every occurrence is known."""
        assert state.result.spool is not None
        table = state.source.table
        names = table.column_names
        later, first = state.later, state.first
        households = table.name == "households"
        for chunk in state.result.spool.chunks():
            rows: list[tuple[int, dict[str, Any]]] = []
            for row, cells, _raw in chunk:
                values = dict(zip(names, cells, strict=True))
                key = key_of(table, values)
                if key is not None and key in later:
                    if key not in first:
                        first[key] = (row, values.get("grid_id") if households else None)
                elif not whole:
                    continue
                rows.append((row, values))
            if rows:
                self.check_rows(state, rows, duplicates=True)

    def check_rows(
        self, state: _Table, rows: list[tuple[int, dict[str, Any]]], duplicates: bool
    ) -> None:
        """Decide rows the parse pass left standing (looking their references up in the
        database first); `duplicates` once every occurrence of every key is known."""
        checkable = [(row, values) for row, values in rows if row not in state.unparsed]
        source, result = state.source, state.result
        table = source.table
        name = table.name
        made = self.look_up(table, checkable)
        for (row, values), refs in zip(checkable, made, strict=True):
            key = key_of(table, values)
            found: list[tuple[str | None, str]] = []
            several: rules.Finding | None = None
            if duplicates and key is not None and key in state.later:
                occurrences = [state.first[key], *state.later[key]]
                numbers = [r for r, _ in occurrences]
                grids = {g for _, g in occurrences if g}
                if name == "households" and len(grids) > 1:
                    several = rules.several_grids(key, grids, numbers)
                else:
                    others = ", ".join(str(r) for r in numbers if r != row)
                    found.append(
                        (
                            table.key[0] if len(table.key) == 1 else None,
                            f"duplicate {'id' if table.key == ('id',) else 'key'} "
                            f"{show_key(table, key)} (also on row {others}); keep one row",
                        )
                    )
            for col, target, ref in refs:
                if target != name:
                    message = self.reference_problem(target, ref)
                    if message is not None:
                        found.append((col.name, message))
            if several is not None:
                found.append(several)
            found.extend(rules.check(name, values, self.facts))
            if state.self_col is not None:
                parent = values.get(state.self_col.name)
                if (
                    parent
                    and parent not in self.given.get(name, {})
                    and parent not in self.facts.database.get(name, {})
                ):
                    found.append(
                        (
                            state.self_col.name,
                            f"refers to {table.label} {parent!r}, which is neither in the "
                            "input nor in the database",
                        )
                    )
            if found:
                origin = _origin(source, row)
                state.reject(row, key, [Problem(name, origin, c, m) for c, m in found])
                continue
            if state.self_col is not None and key is not None:
                state.parents[key] = values.get(state.self_col.name)
                state.rows_of[key] = row
            for column, message in rules.warnings(name, values, self.facts):
                result.warned.append(Problem(name, _origin(source, row), column, message))

    def look_up(
        self, table: Table, rows: list[tuple[int, dict[str, Any]]]
    ) -> list[list[tuple[Column, str, str]]]:
        """Find the rows' references, once per referenced table: in the index (`given`:
        decided tables, and the table's own keys once it is parsed whole), then in the
        database for those the input does not define. Returns each row's references."""
        made = [list(references(table, values)) for _row, values in rows]
        wanted: dict[str, set[str]] = {}
        for refs in made:
            for _col, target, ref in refs:
                wanted.setdefault(target, set()).add(ref)
        known = self.valid | {table.name}
        self.given = {
            target: self.index.find(target, ids) if target in known else {}
            for target, ids in wanted.items()
        }
        cache = self.facts.database
        if sum(len(found) for found in cache.values()) > LOOKUP_CACHE:
            cache.clear()
        for target, ids in wanted.items():
            given, cached = self.given[target], cache.get(target, {})
            missing = sorted(ref for ref in ids if ref not in given and ref not in cached)
            if missing:
                cache.setdefault(target, {}).update(self.lookup.find(target, missing))
        return made

    def reference_problem(self, target: str, ref: str) -> str | None:
        """Why a reference to another table fails, or None when it holds."""
        given = self.given.get(target, {})
        if ref in given and given[ref] is None:
            return None
        label = TABLES[target].label
        row = given.get(ref)
        if row is not None:
            where = f" ({self.results[target].source.display}, row {row})"
            return f"refers to {label} {ref!r}, which was rejected{where}; fix that row first"
        if ref in self.facts.database.get(target, {}):
            return None
        return f"refers to {label} {ref!r}, which is neither in the input nor in the database"

    def settle(self, state: _Table) -> None:
        """Cascade rejections along parent chains and reject loops, in a
        self-referencing table once all its rows are checked."""
        assert state.self_col is not None
        table, col = state.source.table, state.self_col
        ok = state.parents
        # the parents the table gives -> their first rejected row (None while valid)
        defined = self.index.find(table.name, {p for p in ok.values() if p})
        display = state.source.display

        def fall(key: str, message: str) -> None:
            row = state.rows_of[key]
            problem = Problem(table.name, _origin(state.source, row), col.name, message)
            state.result.rejected.setdefault(row, []).append(problem)
            state.index.reject(table.name, key, row)
            if key in defined and defined[key] is None:
                defined[key] = row

        changed = True
        while changed:
            changed = False
            for key in sorted(ok):
                parent = ok[key]
                if parent and parent in defined and parent not in ok:
                    del ok[key]
                    changed = True
                    row = defined[parent]
                    where = f" ({display}, row {row})" if row is not None else ""
                    fall(
                        key,
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
                loop = " -> ".join(chain + [start])
                for key in chain:
                    ok.pop(key, None)
                    fall(key, f"the {col.name} chain loops: {loop}")


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
    finally:
        checker.index.close()
    warnings = list(dataset.warnings)
    warnings += [str(w) for r in checker.results.values() for w in r.warned]
    return Report(dataset, checker.results, warnings)
