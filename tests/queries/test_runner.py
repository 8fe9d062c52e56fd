"""Read-only execution: refusals come from the server (query type, READ transactions)."""

from __future__ import annotations

import pytest

from gridnet.queries import runner
from gridnet.queries.runner import QueryError, QueryTimeout, WriteRefused

REFUSED = [
    "CREATE (n:Intruder) RETURN n",
    "MERGE (n:Grid {id: 'G1'}) SET n.name = 'x'",
    "MATCH (g:Grid) SET g.name = 'x'",
    "MATCH (h:Household) DETACH DELETE h",
    "MATCH (h:Household) REMOVE h.lighthouse",
    "MATCH (h:Household {id: 'H1'}) SET h:Hacked",
    "LOAD CSV FROM 'file:///x.csv' AS row CREATE (:Intruder {v: row[0]})",
    "LOAD CSV FROM 'file:///x.csv' AS row RETURN row",
    "LOAD CSV FROM 'http://127.0.0.1:1/x.csv' AS row RETURN row",
    "UNWIND range(1, 3) AS i CALL (i) { CREATE (:Intruder {i: i}) } IN TRANSACTIONS",
    "CREATE INDEX intruder FOR (n:Intruder) ON (n.id)",
    "DROP INDEX entity_names",
    "CREATE CONSTRAINT c FOR (n:Intruder) REQUIRE n.id IS UNIQUE",
    "CREATE USER mallory SET PASSWORD 'abcdefgh12'",
    "SHOW USERS",
    "SHOW DATABASES",
    "CREATE DATABASE other",
    "STOP DATABASE neo4j",
    "ALTER CURRENT USER SET PASSWORD FROM 'a' TO 'b'",
    "CALL db.createLabel('Intruder')",
    "CALL db.createProperty('intruder')",
    "CALL dbms.listConfig()",
    "CALL db.clearQueryCaches()",
    "SHOW TRANSACTIONS",
    "TERMINATE TRANSACTIONS 'neo4j-transaction-1'",
    "MATCH (n) RETURN count(n); CREATE (:Intruder)",
    "MATCH (n) RETURN count(n); MATCH (m) RETURN count(m)",
    "USE system SHOW USERS",
    # keywords hidden in comments or strings must not matter either way
    "/* harmless? */ CREATE (:Intruder)",
    "MATCH (g:Grid) WITH g LIMIT 1 CREATE (g)-[:Owns]->(:Intruder)",
]


def _counts(database) -> tuple[int, int]:
    r = runner.execute_read(
        database, "MATCH (n) WITH count(n) AS n MATCH ()-[r]->() RETURN n, count(r) AS r"
    )
    return r.rows[0][0], r.rows[0][1]


@pytest.mark.parametrize("text", REFUSED)
def test_writes_and_admin_are_refused(database, small_city, text):
    before = _counts(database)
    with pytest.raises(WriteRefused) as info:
        runner.run_readonly(database, text)
    assert "refused" in str(info.value)
    assert _counts(database) == before


@pytest.mark.parametrize(
    "text",
    [
        "MATCH (g:Grid) RETURN g.id AS id ORDER BY id",
        "MATCH (g:Grid) RETURN g.id AS id ORDER BY id;",
        "// a comment that says CREATE\nMATCH (g:Grid) RETURN 'CREATE (x)' AS s LIMIT 1",
        "SHOW INDEXES",
        "CALL db.labels() YIELD label RETURN label",
    ],
)
def test_reads_run(database, small_city, text):
    result = runner.run_readonly(database, text)
    assert result.query_type == "r"
    assert result.columns


def test_read_transaction_rejects_writes_even_without_the_check(database, small_city):
    before = _counts(database)
    with pytest.raises(WriteRefused):
        runner.execute_read(database, "CREATE (:Intruder)")
    assert _counts(database) == before


def test_row_limit_truncates(database, small_city):
    result = runner.run_readonly(database, "UNWIND range(1, 50) AS i RETURN i", limit=10)
    assert [r[0] for r in result.rows] == list(range(1, 11))
    assert result.truncated
    full = runner.run_readonly(database, "UNWIND range(1, 10) AS i RETURN i", limit=10)
    assert not full.truncated and len(full.rows) == 10


def test_unbounded_result_is_cut_by_the_limit(database, small_city):
    # an endless stream stops after limit + 1 rows instead of running forever
    text = "UNWIND range(1, 1000000000) AS i RETURN i"
    result = runner.run_readonly(database, text, limit=5, timeout=20)
    assert result.truncated and len(result.rows) == 5


def test_timeout_stops_a_runaway_query(database, small_city):
    text = "UNWIND range(1, 100000000) AS i WITH i WHERE i % 7 = 123 RETURN count(i) AS n"
    with pytest.raises(QueryTimeout) as info:
        runner.run_readonly(database, text, timeout=0.5)
    assert "timeout" in str(info.value)


def test_parameters_reach_the_query(database, small_city):
    result = runner.run_readonly(
        database, "MATCH (g:Grid {id: $id}) RETURN g.name AS name", {"id": "G1"}
    )
    assert result.records() == [{"name": "槐荫一网格"}]


def test_syntax_errors_and_empty_queries(database, small_city):
    with pytest.raises(QueryError):
        runner.run_readonly(database, "MATCH (g:Grid RETURN g")
    with pytest.raises(QueryError):
        runner.run_readonly(database, "   ;  ")


def test_plain_values(database, small_city):
    result = runner.run_readonly(
        database,
        "MATCH (r:ServiceRequest {id: 'R1'})-[:IN_CATEGORY]->(c) RETURN r, r.deadline AS d, c",
    )
    row = result.records()[0]
    assert row["r"]["_labels"] == ["ServiceRequest"]
    assert str(row["d"]) == "2024-01-01"


def test_plain_graph_values_keep_identity_and_ends(database, small_city):
    result = runner.run_readonly(
        database, "MATCH p = (g:Grid {id: 'G1'})-[r:IN_AREA]->(c:Area) RETURN g, r, c, p"
    )
    row = result.records()[0]
    g, r, c = row["g"], row["r"], row["c"]
    assert g["_labels"] == ["Grid"] and g["_element_id"] and g["_element_id"] != c["_element_id"]
    assert r["_type"] == "IN_AREA"
    assert (r["_start"], r["_end"]) == (g["_element_id"], c["_element_id"])
    assert [v.get("_type") or v["id"] for v in row["p"]] == ["G1", "IN_AREA", c["id"]]
    alone = runner.run_readonly(
        database, "MATCH (:Grid {id: 'G1'})-[r:IN_AREA]->() RETURN r"
    ).records()[0]["r"]
    assert (alone["_start"], alone["_end"]) == (r["_start"], r["_end"])
