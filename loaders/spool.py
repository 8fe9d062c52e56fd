"""Parsed rows of one table, kept on disk from the parse pass to the writer.

Why: each input file is read and parsed once. The typed rows are needed again by
the checks that can only run once a whole table has been seen (duplicates, parent
chains), by the rejects file and by the writer; holding them in memory would grow
with the input, and reading the file again would parse every row again. So the
parse pass appends each row here, and every later stage streams it back.

The spool is an unnamed temporary file (the operating system removes it when it is
closed or the process dies, even when killed), and every chunk is sealed with
AES-GCM under a key that exists only in this process's memory: between reading and
the vault the rows hold residents' clear personal values, and no readable copy of
them may stay on disk.

>>> spool = Spool(chunk_rows=2)
>>> for n in range(5):
...     spool.append((n, ("a", n), {}))
>>> spool.finish()
>>> [len(chunk) for chunk in spool.chunks()], [r[0] for r in spool]
([2, 2, 1], [0, 1, 2, 3, 4])
>>> spool.close()
"""

from __future__ import annotations

import os
import pickle
import tempfile
import weakref
from collections.abc import Iterator
from typing import Any

from cryptography.hazmat.primitives.ciphers.aead import AESGCM

__all__ = ["CHUNK_ROWS", "Record", "Spool"]

CHUNK_ROWS = 2048
"""Rows per sealed chunk: also the unit of the passes' database look-ups."""

Record = tuple[int, tuple[Any, ...], dict[str, Any]]
"""One row: its number in the file, its typed values in column order, and its cells
as read (unknown columns included) for the rejects file."""


class Spool:
    """An append-then-read store of `Record`s, sealed chunk by chunk.

    Append during one pass, `finish`, then read any number of times (also from
    another thread: reads use positioned I/O and share no file offset).
    """

    def __init__(self, chunk_rows: int = CHUNK_ROWS) -> None:
        self._file = tempfile.TemporaryFile(prefix="gridnet-load-")
        self._aead = AESGCM(AESGCM.generate_key(bit_length=256))
        self._chunk_rows = chunk_rows
        self._pending: list[Record] = []
        self._chunks: list[tuple[int, int]] = []
        """(offset, length) of each sealed chunk, in order."""
        self._size = 0
        self._finished = False
        self.rows = 0
        self._closer = weakref.finalize(self, self._file.close)

    def append(self, record: Record) -> None:
        """Add one row; rows come back in the order they were added."""
        if self._finished:
            raise RuntimeError("the spool is finished; no more rows can be added")
        self._pending.append(record)
        self.rows += 1
        if len(self._pending) >= self._chunk_rows:
            self._seal()

    def _seal(self) -> None:
        nonce = len(self._chunks).to_bytes(12, "big")
        data = pickle.dumps(self._pending, protocol=pickle.HIGHEST_PROTOCOL)
        blob = self._aead.encrypt(nonce, data, None)
        self._file.write(blob)
        self._chunks.append((self._size, len(blob)))
        self._size += len(blob)
        self._pending = []

    def finish(self) -> None:
        """Seal the last rows; the spool can be read from now on."""
        if not self._finished:
            if self._pending:
                self._seal()
            self._file.flush()
            self._finished = True

    def chunks(self) -> Iterator[list[Record]]:
        """The rows, a chunk at a time, from the start."""
        if not self._finished:
            raise RuntimeError("finish the spool before reading it")
        fd = self._file.fileno()
        for index, (offset, length) in enumerate(self._chunks):
            blob = os.pread(fd, length, offset)
            data = self._aead.decrypt(index.to_bytes(12, "big"), blob, None)
            chunk: list[Record] = pickle.loads(data)
            yield chunk

    def __iter__(self) -> Iterator[Record]:
        for chunk in self.chunks():
            yield from chunk

    def close(self) -> None:
        """Delete the rows (the file is gone once closed)."""
        self._closer()
