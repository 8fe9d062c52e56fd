"""The keys of the tables being checked, in a temporary SQLite file instead of memory.

Why a module of its own: the passes must know, for every row, whether its key was
given before (duplicates), and for every reference, whether the input defines the
id and whether that row was rejected. Held in Python sets, the keys of a city of a
million households (households, people, service ties, ...) took most of the
loader's memory, and that memory stayed with the process after validation. Here
they live in an on-disk index that grows with the input while the process does
not: one SQLite table per input table, asked a chunk of rows at a time (one
statement per chunk, never one per row).

The file is SQLite's private temporary database (an empty file name, in
``SQLITE_TMPDIR``, ``TMPDIR`` or /var/tmp, written only once its page cache is
full): the library unlinks it as soon as it is opened, so it is gone when the
index is closed or the process dies, even when killed. Nothing in it needs to survive a
crash, so there is no journal and no syncing. Keys are ids (no residents'
personal values): they are sent as one JSON array per chunk and never become
part of a statement's text.

>>> index = KeyIndex()
>>> index.given("households", ["h1", "h2", "h1"])
[False, False, True]
>>> index.given("households", ["h2", "h3"])
[True, False]
>>> index.reject("households", "h2", 3)
>>> index.reject("households", "h2", 9)  # the first rejected row is kept
>>> index.find("households", ["h1", "h2", "h4"])
{'h1': None, 'h2': 3}
>>> index.find("people", ["p1"])  # a table the input does not give
{}
>>> index.close()
"""

from __future__ import annotations

import json
import sqlite3
import weakref
from collections.abc import Iterable, Sequence

__all__ = ["CACHE_KIB", "KeyIndex"]

CACHE_KIB = 16 * 1024
"""SQLite's page cache, in KiB: what the index may hold in memory, whatever its size."""

_PRAGMAS = ("PRAGMA journal_mode=OFF", "PRAGMA synchronous=OFF", "PRAGMA temp_store=FILE")


class KeyIndex:
    """Per input table, every key given, and the first row that rejected it.

    `given` notes the keys of a chunk of rows in file order; `reject` marks a key
    as belonging to a rejected row (the first such row is kept, as the rejects
    messages name it); `find` answers which of some ids a table defines.
    Rejections are buffered and written before the next question, so a row of the
    chunk being parsed may be rejected before its key is passed to `given`.
    """

    def __init__(self, cache_kib: int = CACHE_KIB) -> None:
        self._db = sqlite3.connect("", isolation_level=None, check_same_thread=False)
        for pragma in _PRAGMAS:
            self._db.execute(pragma)
        self._db.execute(f"PRAGMA cache_size=-{int(cache_kib)}")
        self._tables: dict[str, str] = {}
        """Input table -> its SQLite table (named by number, never by input text)."""
        self._created = 0
        self._chunks = 0
        """Chunks noted so far: a key stored with an earlier chunk was given before."""
        self._rejected: dict[str, list[tuple[int, str]]] = {}
        self._closer = weakref.finalize(self, self._db.close)

    def _create(self, table: str) -> str:
        """The SQLite table of an input table, created on first use."""
        name = self._tables.get(table)
        if name is None:
            name = self._tables[table] = f"k{self._created}"
            self._created += 1
            self._db.execute(
                f"CREATE TABLE {name} "
                "(key TEXT PRIMARY KEY, rejected INTEGER, chunk INTEGER) WITHOUT ROWID"
            )
        return name

    def given(self, table: str, keys: Sequence[str]) -> list[bool]:
        """Note `keys` (one chunk of rows, in file order); for each, whether it was given
        before, in an earlier chunk or earlier in this one."""
        name = self._create(table)
        self._chunks += 1
        unique = json.dumps(sorted(set(keys)))
        inserted = self._db.execute(
            f"INSERT OR IGNORE INTO {name} (key, chunk) SELECT value, ? FROM json_each(?)",  # noqa: S608
            (self._chunks, unique),
        ).rowcount
        before: set[str] = set()
        if inserted < len(set(keys)):  # some were there already: which (rare: duplicates)
            before = {
                key
                for (key,) in self._db.execute(
                    f"SELECT j.value FROM json_each(?) AS j "  # noqa: S608
                    f"JOIN {name} AS k ON k.key = j.value WHERE k.chunk <> ?",
                    (unique, self._chunks),
                )
            }
        repeated: list[bool] = []
        seen: set[str] = set()
        for key in keys:
            repeated.append(key in before or key in seen)
            seen.add(key)
        self._flush()
        return repeated

    def reject(self, table: str, key: str, row: int) -> None:
        """Mark `key` as given by rejected `row`, unless a rejected row gave it already."""
        self._rejected.setdefault(table, []).append((row, key))

    def find(self, table: str, keys: Iterable[str]) -> dict[str, int | None]:
        """Which of `keys` the table gives: key -> first rejected row, or None when valid."""
        self._flush()
        name = self._tables.get(table)
        if name is None:
            return {}
        return dict(self._present(name, keys))

    def drop(self, table: str) -> None:
        """Forget a table's keys (nothing refers to it any more)."""
        self._flush()
        name = self._tables.pop(table, None)
        if name is not None:
            self._db.execute(f"DROP TABLE {name}")

    def _present(self, name: str, keys: Iterable[str]) -> list[tuple[str, int | None]]:
        wanted = sorted(set(keys))  # probes in key order: neighbouring pages, fewer misses
        if not wanted:
            return []
        return self._db.execute(
            f"SELECT j.value, k.rejected FROM json_each(?) AS j "  # noqa: S608
            f"JOIN {name} AS k ON k.key = j.value",
            (json.dumps(wanted),),
        ).fetchall()

    def _flush(self) -> None:
        if not self._rejected:
            return
        self._db.execute("BEGIN")
        for table, marks in self._rejected.items():
            name = self._create(table)
            self._db.executemany(
                f"UPDATE {name} SET rejected = ? WHERE key = ? AND rejected IS NULL",  # noqa: S608
                marks,
            )
        self._db.execute("COMMIT")
        self._rejected.clear()

    def close(self) -> None:
        """Delete the index (SQLite removes its temporary file)."""
        self._closer()
