"""The fingerprint helper itself: equal graphs agree, any change is seen."""

from __future__ import annotations

from gridnet import db
from gridnet.settings import Settings

from .graphcheck import fingerprint

SEED = """
CREATE (a:Grid {id: 'G1', name: '一', n: 1, f: 1.5, d: date('2024-01-02'), l: ['x', 'y']})
CREATE (b:Household {id: 'H1', name: '王', size: 2})
CREATE (b)-[:IN_GRID {since: date('2020-01-01')}]->(a)
"""


def test_fingerprint_is_order_independent_and_sensitive(
    empty_graph: Settings, database: db.Database
) -> None:
    database.write(SEED)
    first = fingerprint(empty_graph)
    assert first.nodes == {"Grid": 1, "Household": 1} and first.rels == {"IN_GRID": 1}
    # Same content created in the other order: same fingerprint.
    database.write("MATCH (n) DETACH DELETE n")
    database.write(
        "CREATE (b:Household {size: 2, name: '王', id: 'H1'}) "
        "CREATE (a:Grid {l: ['x', 'y'], d: date('2024-01-02'), f: 1.5, n: 1, name: '一', id: 'G1'})"
        " CREATE (b)-[:IN_GRID {since: date('2020-01-01')}]->(a)"
    )
    assert fingerprint(empty_graph) == first
    changes = [
        "MATCH (n:Grid) SET n.n = 1.0",  # int -> float is a change
        "MATCH (n:Grid) SET n.d = '2024-01-02'",  # date -> string is a change
        "MATCH (n:Grid) SET n.l = ['y', 'x']",
        "MATCH ()-[r:IN_GRID]->() SET r.since = date('2020-01-02')",
        "MATCH (n:Household) SET n:Extra",
    ]
    for change in changes:
        database.write(change)
        assert fingerprint(empty_graph) != first, change
        database.write("MATCH (n) DETACH DELETE n")
        database.write(SEED)
        assert fingerprint(empty_graph) == first
    database.write("MATCH (a:Grid), (b:Household) CREATE (b)-[:IN_GRID]->(a)")
    changed = fingerprint(empty_graph)
    assert changed.rels["IN_GRID"] == 2 and changed.diff(first)
