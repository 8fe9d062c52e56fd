"""Moving an existing graph's clear personal values into the vault.

Why a module of its own: graphs loaded before pseudonymisation hold residents'
names, phones, ID numbers and addresses in clear. ``gridnet privacy migrate``
walks each personal label in id order, one batch at a time:

1. read the batch's nodes that still hold a clear value (``privacy.clear_condition``);
2. commit their clear values to the vault (``Vault.put`` replaces, so doing it
   twice is harmless);
3. replace them in the graph by display forms and tokens, in one write transaction
   that only touches nodes still clear.

Before a batch is written the gap report's rollups are marked stale
(`gridnet.queries.rollup`): reports run live until the next refresh.

A kill between 2 and 3 leaves the batch clear in the graph and in the vault; the
next run does it again with the same result, so migrate is idempotent and
resumable. A node is never left with a display form whose clear value is lost.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from gridnet.db import Database
from gridnet.errors import GridnetError
from gridnet.privacy import COORDINATES, PERSONAL, TOKEN_SUFFIX, clear_condition, pseudonymise
from gridnet.queries import rollup
from gridnet.vault import Vault

__all__ = ["ClearGraph", "MigrateResult", "clear_labels", "migrate", "refuse_clear_graph"]

DEFAULT_BATCH = 5000


class ClearGraph(GridnetError, RuntimeError):
    """The graph still holds clear personal values; the message names the command."""


def _find_clear() -> str:
    """One statement for every personal label: a label per row whose nodes hold a clear
    value (one plan, one round trip; a first load on a fresh server plans every
    statement anew)."""
    return "\nUNION\n".join(
        f"MATCH (n:{label}) WHERE {clear_condition(label)} "  # label: a table constant
        f"RETURN '{label}' AS label LIMIT 1"
        for label in PERSONAL
    )


def clear_labels(db: Database) -> list[str]:
    """The personal labels of which at least one node still holds a clear value."""
    found = {row["label"] for row in db.read(_find_clear())}
    return [label for label in PERSONAL if label in found]


def refuse_clear_graph(db: Database) -> None:
    """Raise ClearGraph when the graph predates pseudonymisation (checked before a load)."""
    labels = clear_labels(db)
    if labels:
        raise ClearGraph(
            f"the graph still holds residents' personal data in clear ({', '.join(labels)} "
            "nodes); run `gridnet privacy migrate` first, then load again"
        )


def _read_batch(label: str) -> str:
    fields = ", ".join(f"{f}: n.{f}" for f in PERSONAL[label])
    return (
        f"MATCH (n:{label}) WHERE n.id > $after "
        f"WITH n ORDER BY n.id LIMIT $size "
        f"RETURN n.id AS id, ({clear_condition(label)}) AS clear, {{{fields}}} AS fields"
    )


def _write_batch(label: str) -> str:
    sets = ", ".join(
        f"n.{f} = row.{f}, n.{f}{TOKEN_SUFFIX} = row.{f}{TOKEN_SUFFIX}" for f in PERSONAL[label]
    )
    if set(COORDINATES) <= set(PERSONAL[label]):
        # the point is rebuilt from the coarsened degrees (privacy.coarsen)
        sets += (
            ", n.location = CASE WHEN row.lat IS NULL OR row.lon IS NULL THEN null "
            "ELSE point({latitude: row.lat, longitude: row.lon}) END"
        )
    return (
        f"UNWIND $rows AS row MATCH (n:{label} {{id: row.id}}) "
        f"WHERE {clear_condition(label)} SET {sets}"
    )


@dataclass
class MigrateResult:
    """Nodes moved per label (0 everywhere on a second run)."""

    migrated: dict[str, int] = field(default_factory=dict)
    scanned: dict[str, int] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return sum(self.migrated.values())


def migrate(
    db: Database,
    vault: Vault,
    batch_size: int = DEFAULT_BATCH,
    progress: Callable[[str, int, int], None] | None = None,
) -> MigrateResult:
    """Pseudonymise every node that still holds a clear personal value (see module doc)."""
    result = MigrateResult()
    for label in PERSONAL:
        read_q, write_q = _read_batch(label), _write_batch(label)
        after, moved, scanned = "", 0, 0
        while True:
            rows = db.read(read_q, {"after": after, "size": batch_size}, timeout=0)
            if not rows:
                break
            after = rows[-1]["id"]
            scanned += len(rows)
            batch = [{"id": r["id"], **r["fields"]} for r in rows if r["clear"]]
            if batch:
                vault.put(label, pseudonymise(label, batch, vault.keyring))
                rollup.mark_stale(db)
                db.write(write_q, {"rows": batch}, timeout=0)
                moved += len(batch)
            if progress is not None:
                progress(label, scanned, moved)
        result.migrated[label], result.scanned[label] = moved, scanned
    return result
