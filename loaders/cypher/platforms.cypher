// platforms -> (:Organization)-[:HOSTS]->(:Platform), (:Platform)-[:SERVES]->(:Area|:Grid).

// name: unlink
UNWIND $rows AS row
MATCH (n:Platform {id: row.id})
CALL (n, row) {
  MATCH (o:Organization)-[old:HOSTS]->(n)
  WHERE row.organisation_id IS NULL OR o.id <> row.organisation_id
  DELETE old
}
CALL (n, row) {
  MATCH (n)-[old:SERVES]->(t)
  WHERE (t:Area AND (row.area_id IS NULL OR t.id <> row.area_id))
     OR (t:Grid AND (row.grid_id IS NULL OR t.id <> row.grid_id))
  DELETE old
};

// name: upsert
UNWIND $rows AS row
MERGE (n:Platform {id: row.id})
SET n.name = row.name, n.tier = row.tier, n.address = row.address,
    n.lat = row.lat, n.lon = row.lon, n.location = row.location
WITH n, row
CALL (n, row) {
  MATCH (o:Organization {id: row.organisation_id})
  MERGE (o)-[:HOSTS]->(n)
}
CALL (row) {
  MATCH (t:Area {id: row.area_id}) RETURN t
  UNION
  MATCH (t:Grid {id: row.grid_id}) RETURN t
}
MERGE (n)-[:SERVES]->(t);
