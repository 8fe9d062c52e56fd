"""Turning display forms back into clear values, for those allowed, with a log entry.

Why one module: the explorer (a role with the personal-data permission) and the
CLI (``gridnet privacy reveal|search``, with the privacy key) reveal the same way,
and each reveal must be logged before anything is shown. Searching by a personal
value never sends it to Neo4j: an exact value is turned into its keyed token, and
part of a name is matched inside the vault.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from gridnet import access_log
from gridnet.db import Database
from gridnet.privacy import PERSONAL, TOKEN_SUFFIX, token_of
from gridnet.vault import Vault

__all__ = ["Resident", "find_residents", "reveal"]


@dataclass(frozen=True)
class Resident:
    """One household or person with its clear personal values."""

    label: str
    id: str
    fields: dict[str, str]


def reveal(
    vault: Vault,
    label: str,
    ids: Sequence[str],
    *,
    actor: str,
    log: Path,
    action: str = "reveal",
) -> dict[str, dict[str, str]]:
    """Clear values of `ids` (nodes of `label`), logged to `log` under `actor` first."""
    ids = sorted(set(ids))
    if label not in PERSONAL or not ids:
        return {}
    access_log.record(log, actor=actor, action=action, label=label, ids=ids)
    return vault.get(label, ids)


def _by_token(label: str) -> str:
    match = " OR ".join(f"n.{f}{TOKEN_SUFFIX} = $tokens.{f}" for f in PERSONAL[label])
    return f"MATCH (n:{label}) WHERE {match} RETURN n.id AS id ORDER BY id LIMIT $limit"


def find_residents(
    db: Database, vault: Vault, text: str, *, actor: str, log: Path, limit: int = 50
) -> list[Resident]:
    """Households and people whose personal value is `text`, or whose name contains it.

    Exact values (a full name, phone, ID number or address) are found by token in
    the graph; a part of a name by a scan of the vault (no index of clear values
    exists anywhere). The hits are logged as a search under `actor`.
    """
    text = text.strip()
    if not text:
        return []
    found: list[Resident] = []
    for label, fields in PERSONAL.items():
        tokens = {f: token_of(vault.keyring, f, text) for f in fields}
        rows = db.read(_by_token(label), {"tokens": tokens, "limit": limit})
        ids = [r["id"] for r in rows]
        if len(ids) < limit and "name" in fields and not text.isdigit():
            seen = set(ids)
            for node_id, values in vault.scan(label):
                if text in values.get("name", "") and node_id not in seen:
                    ids.append(node_id)
                    if len(ids) >= limit:
                        break
        if ids:
            clear = reveal(vault, label, ids, actor=actor, log=log, action="search")
            found += [Resident(label, i, clear.get(i, {})) for i in ids]
    return found
