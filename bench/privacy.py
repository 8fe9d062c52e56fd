"""What privacy by design costs: pseudonymising a load, and migrating an old graph.

Why measured apart from the load: the loader pseudonymises in its reader thread,
overlapped with the server's writes, so a with/without comparison of two loads on
this shared machine would drown a few percent in noise. Instead the exact work the
loader adds (display forms, HMAC tokens, AES-GCM sealing, vault writes) is timed
alone on the same rows and given as a share of the load's wall time: an upper
bound on what it costs the load.
"""

from __future__ import annotations

import tempfile
import time
from pathlib import Path
from typing import Any

from gridnet.db import Database
from gridnet.keys import create_keyring
from gridnet.loaders.readers import open_dataset
from gridnet.loaders.tables import TABLES
from gridnet.privacy import PERSONAL, TOKEN_SUFFIX, pseudonymise
from gridnet.vault import Vault

__all__ = ["migrate_figures", "pseudonymise_cost"]

_BATCH = 5000
_PERSONAL_TABLES = {t.label: t.name for t in TABLES.values() if t.label in PERSONAL}


def _batches(folder: Path, label: str) -> Any:
    """The personal fields of one table's rows, as the loader would have them."""
    source = open_dataset(folder).sources.get(_PERSONAL_TABLES[label])
    if source is None:
        return
    fields = ("id", *PERSONAL[label])
    batch: list[dict[str, Any]] = []
    for raw in source.rows():
        batch.append({f: raw.values.get(f) or None for f in fields})
        if len(batch) >= _BATCH:
            yield batch
            batch = []
    if batch:
        yield batch


def pseudonymise_cost(folder: Path) -> dict[str, Any]:
    """Seconds spent pseudonymising every personal row of the dataset into a vault."""
    rows = 0
    seconds = 0.0
    with tempfile.TemporaryDirectory(prefix="gridnet-bench-vault-") as tmp:
        keyring = create_keyring(Path(tmp) / "keys" / "key")
        with Vault(Path(tmp) / "vault" / "v.sqlite3", keyring) as vault:
            for label in PERSONAL:
                for batch in _batches(folder, label):
                    started = time.perf_counter()
                    vault.put(label, pseudonymise(label, batch, keyring))
                    seconds += time.perf_counter() - started
                    rows += len(batch)
    return {
        "rows": rows,
        "seconds": round(seconds, 3),
        "rows_per_s": round(rows / seconds, 1) if seconds else None,
    }


def migrate_figures(db: Database, folder: Path) -> dict[str, Any]:
    """Turn the loaded graph back into an old clear one, then time `privacy migrate`."""
    from gridnet.migrate import clear_labels, migrate

    started = time.perf_counter()
    for label in PERSONAL:
        sets = ", ".join(f"n.{f} = r.{f}" for f in PERSONAL[label])
        removes = ", ".join(f"n.{f}{TOKEN_SUFFIX}" for f in PERSONAL[label])
        query = f"UNWIND $rows AS r MATCH (n:{label} {{id: r.id}}) SET {sets} REMOVE {removes}"
        for batch in _batches(folder, label):
            db.write(query, {"rows": batch}, timeout=0)
    prepare = time.perf_counter() - started
    started = time.perf_counter()
    with Vault.open(db.settings, create=True) as vault:
        result = migrate(db, vault)
    seconds = time.perf_counter() - started
    return {
        "nodes": result.total,
        "seconds": round(seconds, 1),
        "nodes_per_s": round(result.total / seconds, 1) if seconds else None,
        "prepare_seconds": round(prepare, 1),
        "clear_after": clear_labels(db),
    }
