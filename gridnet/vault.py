"""The vault: residents' clear personal values, encrypted, outside the Neo4j store.

Why: Neo4j Community has no property-level access control, and masking a query
result after the fact cannot be made complete (casts, slices, comparisons and
error messages all leak). So the graph holds only display forms and keyed tokens
(``gridnet.privacy``) and the clear values live here, where no Cypher reaches:

- one SQLite file from the standard library, ``<GRIDNET_HOME>/vault/``, owner-only
  (folder 700, file 600);
- one record per node (label, id): the node's personal fields as JSON, sealed with
  AES-256-GCM under the vault key, bound to its label and id so a record cannot be
  moved to another resident;
- the key lives in another file (``gridnet.keys``, ``GRIDNET_KEY_FILE``): a copy of
  the vault alone opens nothing.

Only the loader, ``gridnet privacy migrate`` and the reveal paths (explorer role
with the personal-data permission, ``gridnet export --unmasked``, ``gridnet
privacy reveal``) open it; each reveal is logged by ``gridnet.access_log``.
"""

from __future__ import annotations

import json
import os
import sqlite3
import threading
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import closing
from pathlib import Path

from gridnet.keys import Keyring, PrivacyKeyError, create_keyring, load_keyring, private_dir
from gridnet.settings import Settings

__all__ = ["Vault"]

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value BLOB NOT NULL);
CREATE TABLE IF NOT EXISTS personal (
    label TEXT NOT NULL, id TEXT NOT NULL, sealed BLOB NOT NULL,
    PRIMARY KEY (label, id)
) WITHOUT ROWID;
"""
_CHECK = b"gridnet vault key check"
_CHUNK = 900  # SQLite's bound-parameter limit is 999 on old builds


def _aad(label: str, node_id: str) -> bytes:
    return f"{label}\x1f{node_id}".encode()


def _private_file(path: Path) -> None:
    """Create the file owner-only before SQLite opens it (no readable window)."""
    private_dir(path.parent)
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    os.close(fd)
    os.chmod(path, 0o600)


class Vault:
    """Encrypted clear values by (label, id); thread-safe, one connection."""

    def __init__(self, path: Path, keyring: Keyring) -> None:
        _private_file(path)
        self.path = path
        self.keyring = keyring
        self._lock = threading.Lock()
        self._db = sqlite3.connect(path, check_same_thread=False, isolation_level=None)
        self._db.executescript(_SCHEMA)
        self._check_key()

    @classmethod
    def open(cls, settings: Settings, *, create: bool = False) -> Vault:
        """The installation's vault; with `create`, make the key on first use.

        A missing key is created only while the vault holds nothing: a new key for
        an existing vault would make every record unreadable.
        """
        key_file = settings.key_file
        if not key_file.exists() and create and not _holds_records(settings.vault_file):
            keyring = create_keyring(key_file)
        else:
            keyring = load_keyring(key_file)
        return cls(settings.vault_file, keyring)

    def _check_key(self) -> None:
        with self._lock:
            row = self._db.execute("SELECT value FROM meta WHERE name = 'check'").fetchone()
            if row is None:
                sealed = self.keyring.seal(b"meta", _CHECK)
                self._db.execute("INSERT INTO meta VALUES ('check', ?)", (sealed,))
                return
        if self.keyring.open(b"meta", row[0]) != _CHECK:
            raise PrivacyKeyError(f"the privacy key does not open the vault {self.path}")

    def close(self) -> None:
        with self._lock:
            self._db.close()

    def __enter__(self) -> Vault:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def put(self, label: str, records: Iterable[tuple[str, Mapping[str, str]]]) -> int:
        """Store (replace) each node's clear personal fields; one SQLite transaction."""
        seal = self.keyring.seal
        rows = [
            (
                label,
                node_id,
                seal(_aad(label, node_id), json.dumps(dict(fields), ensure_ascii=False).encode()),
            )
            for node_id, fields in records
        ]
        with self._lock:
            self._db.execute("BEGIN")
            try:
                self._db.executemany("INSERT OR REPLACE INTO personal VALUES (?, ?, ?)", rows)
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
            self._db.execute("COMMIT")
        return len(rows)

    def get(self, label: str, ids: Sequence[str]) -> dict[str, dict[str, str]]:
        """Clear fields of the given nodes that the vault holds, by id."""
        out: dict[str, dict[str, str]] = {}
        unique = sorted(set(ids))
        for start in range(0, len(unique), _CHUNK):
            chunk = unique[start : start + _CHUNK]
            marks = ",".join("?" * len(chunk))
            with self._lock:
                rows = self._db.execute(
                    f"SELECT id, sealed FROM personal WHERE label = ? AND id IN ({marks})",  # noqa: S608 - placeholders only
                    (label, *chunk),
                ).fetchall()
            for node_id, sealed in rows:
                out[node_id] = self._open(label, node_id, sealed)
        return out

    def scan(self, label: str) -> Iterator[tuple[str, dict[str, str]]]:
        """Every record of one label, decrypted (for searches by part of a value)."""
        with self._lock:
            rows = self._db.execute(
                "SELECT id, sealed FROM personal WHERE label = ? ORDER BY id", (label,)
            ).fetchall()
        for node_id, sealed in rows:
            yield node_id, self._open(label, node_id, sealed)

    def count(self, label: str | None = None) -> int:
        """Records held (of one label, or all)."""
        with self._lock:
            if label is None:
                row = self._db.execute("SELECT count(*) FROM personal").fetchone()
            else:
                row = self._db.execute(
                    "SELECT count(*) FROM personal WHERE label = ?", (label,)
                ).fetchone()
        return int(row[0])

    def _open(self, label: str, node_id: str, sealed: bytes) -> dict[str, str]:
        data: dict[str, str] = json.loads(self.keyring.open(_aad(label, node_id), sealed))
        return data


def _holds_records(path: Path) -> bool:
    """Whether a vault file exists with at least one record (read without a key)."""
    if not path.exists():
        return False
    try:
        with closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as con:
            return con.execute("SELECT 1 FROM personal LIMIT 1").fetchone() is not None
    except sqlite3.Error:
        return True  # unreadable: never guess that it is empty
