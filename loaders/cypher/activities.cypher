// activities -> (:Organization)-[:HELD]->(:Activity)-[:IN_GRID]->(:Grid), -[:IN_AREA]->(:Area).

// name: unlink
UNWIND $rows AS row
MATCH (n:Activity {id: row.id})
CALL (n, row) {
  MATCH (o:Organization)-[old:HELD]->(n)
  WHERE row.organisation_id IS NULL OR o.id <> row.organisation_id
  DELETE old
}
CALL (n, row) {
  MATCH (n)-[old:IN_GRID|IN_AREA]->(t)
  WHERE (type(old) = 'IN_GRID' AND (row.grid_id IS NULL OR t.id <> row.grid_id))
     OR (type(old) = 'IN_AREA' AND (row.area_id IS NULL OR t.id <> row.area_id))
  DELETE old
};

// name: upsert
UNWIND $rows AS row
MERGE (n:Activity {id: row.id})
SET n.name = row.name, n.kind = row.kind, n.date = date(row.date),
    n.participants = row.participants
WITH n, row
CALL (n, row) {
  MATCH (o:Organization {id: row.organisation_id})
  MERGE (o)-[:HELD]->(n)
}
CALL (n, row) {
  MATCH (g:Grid {id: row.grid_id})
  MERGE (n)-[:IN_GRID]->(g)
}
CALL (n, row) {
  MATCH (a:Area {id: row.area_id})
  MERGE (n)-[:IN_AREA]->(a)
};
