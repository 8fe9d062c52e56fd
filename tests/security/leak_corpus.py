"""Console statements that tried to get residents' clear values out of the graph.

Each worked against a graph holding clear values, through masking after the fact:
casts, reshaped text, comparisons used as oracles, errors quoting values, other
sessions' query text and server-state procedures. Against the pseudonymised graph
none may return, print or log a clear value; some are refused outright.
"""

from __future__ import annotations

# (statement, category)
CORPUS: list[tuple[str, str]] = [
    ("MATCH (h:Household) RETURN h", "node"),
    ("MATCH (p:Person)-[r:LIVES_IN]->(h:Household) RETURN p, r, h", "node"),
    ("MATCH (h:Household) RETURN properties(h) AS x", "map"),
    ("MATCH (h:Household) RETURN h {.*} AS m", "map"),
    ("MATCH (n) RETURN [k IN keys(n) | n[k]] AS v", "map"),
    ("MATCH (h:Household) RETURN h.name AS x, h.phone AS y, h.address AS z", "alias"),
    ("MATCH (p:Person) RETURN [p.name, p.id_number, p.phone] AS l", "alias"),
    ("MATCH (p:Person) RETURN toInteger(p.phone) AS n, toFloat(p.id_number) AS f", "cast"),
    ("MATCH (p:Person) RETURN toInteger(replace(p.phone, '*', '')) AS n", "cast"),
    ("MATCH (p:Person) RETURN split(p.name, '') AS chars", "reshape"),
    ("MATCH (p:Person) RETURN reverse(p.phone) AS r, reverse(p.id_number) AS i", "reshape"),
    ("MATCH (p:Person) RETURN substring(p.id_number, 6, 8) AS birth", "reshape"),
    ("MATCH (h:Household) RETURN left(h.address, 20) AS a, right(h.phone, 8) AS p", "reshape"),
    ("MATCH (p:Person) RETURN p.phone + '.' + p.id_number AS dotted", "reshape"),
    ("MATCH (p:Person) RETURN '[' + p.name + ']' AS padded", "reshape"),
    (
        "MATCH (h:Household) WITH collect(h.name + h.phone + h.address) AS all "
        "RETURN reduce(s = '', x IN all | s + x) AS joined",
        "reshape",
    ),
    ("MATCH (p:Person) WHERE p.phone STARTS WITH '139000' RETURN p.id", "oracle"),
    ("MATCH (p:Person) WHERE p.name = '李明' RETURN p.id", "oracle"),
    (
        "MATCH (p:Person) RETURN p.id, CASE WHEN p.phone = '13900000001' THEN 'hit' "
        "ELSE 'miss' END AS guess",
        "oracle",
    ),
    (
        "MATCH (p:Person) RETURN p.id, [i IN range(0, 10) | substring(p.phone, i, 1)] "
        "AS digit_by_position",
        "oracle",
    ),
    ("MATCH (p:Person) RETURN p.id ORDER BY p.id_number", "oracle"),
    ("MATCH (p:Person) RETURN p.name =~ '李.*' AS match, p.id", "oracle"),
    ("MATCH (p:Person) RETURN p.phone * 2 AS boom", "error"),
    ("MATCH (h:Household) RETURN 1 / toInteger(substring(h.phone, 10, 1)) - 1 AS boom", "error"),
    (
        "MATCH (h:Household) WITH collect(h.name + ' ' + h.phone) AS all "
        "RETURN toInteger(all) AS boom",
        "error",
    ),
    ("MATCH (p:Person) RETURN date(p.id_number) AS boom", "error"),
    ("MATCH (p:Person) RETURN point({x: p.phone}) AS boom", "error"),
    ("SHOW TRANSACTIONS YIELD currentQuery", "procedure"),
    ("CALL dbms.listConnections()", "procedure"),
    ("CALL db.stats.retrieve('QUERIES')", "procedure"),
    ("CALL db.stats.collect('QUERIES')", "procedure"),
    ("CALL db.clearQueryCaches()", "procedure"),
    ("CALL db.resampleOutdatedIndexes()", "procedure"),
    ("MATCH (h:Household) RETURN h.phone_token AS t, h.name_token AS n", "token"),
]

# Catalog queries that once turned a name into an id.
CATALOG: list[list[str]] = [
    ["query", "run", "search_by_name", "-p", "text=李明"],
    ["query", "run", "search_by_name", "-p", "text=李"],
    ["query", "run", "grid_neighbourhood", "-p", "grid=G-0001"],
]
