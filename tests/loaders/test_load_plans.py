"""The writer's statements use the id indexes; Eager appears only where it is accepted."""

from __future__ import annotations

from gridnet import cypher
from gridnet.loaders.lookups import LOOKUP_FILE
from gridnet.loaders.tables import TABLES
from gridnet.loaders.writer import CYPHER_DIR, statements

# match-then-delete needs an Eager (it only buffers the batch's rows); platforms and
# ratings upserts keep one (small tables).
EAGER_ALLOWED = {("platforms", "upsert"), ("ratings", "upsert")}


def _operators(plan) -> list[str]:
    ops = [plan["operatorType"].split("@")[0]]
    for child in plan.get("children", []):
        ops += _operators(child)
    return ops


def test_statements_seek_by_index_and_avoid_eager(graph):
    assert {p.stem for p in CYPHER_DIR.glob("*.cypher")} == {*TABLES, "lookup"}
    checked = 0
    named = {("lookup", k): q.text for k, q in cypher.load_file(LOOKUP_FILE).items()}
    for table in TABLES:
        named.update({(table, k): q for k, q in statements(table).items()})
    for (table, name), query in named.items():
        with graph.session() as s:
            plan = s.run("EXPLAIN " + query, rows=[], ids=[]).consume().plan
        ops = _operators(plan)
        assert not {"NodeByLabelScan", "AllNodesScan"} & set(ops), (table, name, ops)
        if name != "unlink" and (table, name) not in EAGER_ALLOWED:
            assert "Eager" not in ops, (table, name)
        checked += 1
    assert checked > 30
