"""Order-independent fingerprint of the whole graph: counts and property checksums.

Why: "the graph equals that of an uninterrupted load" must be checked on every
node and relationship, not on a few counts. Each element is rendered to a
canonical string (labels or type, its ends by label:id, sorted properties with
typed values), hashed with SHA-256, and the hashes are summed modulo 2**256 per
label / type, so the result does not depend on the order Neo4j returns them in
and a duplicate element changes the sum.
"""

from __future__ import annotations

import hashlib
import json
import math
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from neo4j.spatial import Point
from neo4j.time import Date, DateTime, Duration, Time

from gridnet import db
from gridnet.graph import model
from gridnet.settings import Settings

_MOD = 1 << 256

# The network only: the gap report's rollups are derived from it and recomputed (with
# their refresh time) by every load; `gridnet check` and tests/queries/test_rollup.py
# compare them with a live computation.
NODES = (
    "MATCH (n) WHERE none(label IN labels(n) WHERE label IN $derived) "
    "RETURN labels(n) AS labels, properties(n) AS props"
)
RELS = (
    "MATCH (a)-[r]->(b) RETURN type(r) AS type, labels(a) AS al, a.id AS a, "
    "labels(b) AS bl, b.id AS b, properties(r) AS props"
)


def canonical(value: Any) -> Any:
    """A JSON-able value that keeps the type (a date is not the string of a date)."""
    if isinstance(value, bool) or value is None or isinstance(value, int | str):
        return value
    if isinstance(value, float):
        return {"f": repr(value)} if math.isfinite(value) else {"f": str(value)}
    if isinstance(value, Point):
        return {"pt": [getattr(value, "srid", None), [repr(float(c)) for c in value]]}
    if isinstance(value, Date | DateTime | Time | Duration):
        return {type(value).__name__: value.iso_format()}
    if isinstance(value, list | tuple):
        return [canonical(v) for v in value]
    if isinstance(value, dict):
        return {str(k): canonical(v) for k, v in value.items()}
    return {type(value).__name__: str(value)}


def _digest(*parts: Any) -> int:
    text = json.dumps([canonical(p) for p in parts], sort_keys=True, ensure_ascii=False)
    return int.from_bytes(hashlib.sha256(text.encode("utf-8")).digest(), "big")


@dataclass
class Fingerprint:
    """Counts and checksums per label and per relationship type."""

    nodes: Counter[str] = field(default_factory=Counter)
    rels: Counter[str] = field(default_factory=Counter)
    node_sums: dict[str, int] = field(default_factory=dict)
    rel_sums: dict[str, int] = field(default_factory=dict)

    @property
    def checksum(self) -> str:
        """One hex digest over everything (for messages and artifacts)."""
        total = (sum(self.node_sums.values()) * 31 + sum(self.rel_sums.values())) % _MOD
        return f"{total:064x}"

    def diff(self, other: Fingerprint) -> list[str]:
        """What differs, label by label (empty when equal)."""
        out = []
        for kind, mine, theirs in (
            ("nodes", self.nodes, other.nodes),
            ("rels", self.rels, other.rels),
        ):
            for key in sorted(set(mine) | set(theirs)):
                if mine[key] != theirs[key]:
                    out.append(f"{kind} {key}: {mine[key]} != {theirs[key]}")
        for kind, mine, theirs in (
            ("node checksum", self.node_sums, other.node_sums),
            ("rel checksum", self.rel_sums, other.rel_sums),
        ):
            for key in sorted(set(mine) | set(theirs)):
                if mine.get(key) != theirs.get(key):
                    out.append(f"{kind} {key} differs")
        return out

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Fingerprint) and not self.diff(other)


def fingerprint(settings: Settings) -> Fingerprint:
    """Stream every node and relationship once and fold them into a Fingerprint."""
    fp = Fingerprint()
    with db.Database.connect(settings) as database, database.session(read_only=True) as s:
        for record in s.run(NODES, derived=list(model.DERIVED_LABELS)):
            labels = sorted(record["labels"])
            key = ":".join(labels)
            fp.nodes[key] += 1
            fp.node_sums[key] = (fp.node_sums.get(key, 0) + _digest(labels, record["props"])) % _MOD
        for record in s.run(RELS):
            key = record["type"]
            fp.rels[key] += 1
            h = _digest(
                key,
                sorted(record["al"]),
                record["a"],
                sorted(record["bl"]),
                record["b"],
                record["props"],
            )
            fp.rel_sums[key] = (fp.rel_sums.get(key, 0) + h) % _MOD
    return fp
