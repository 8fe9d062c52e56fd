// service_ties -> (:Person|:Household)-[:SERVES {since}]->(:Household).

// name: upsert
UNWIND $rows AS row
MATCH (h:Household {id: row.household_id})
CALL (row) {
  MATCH (s:Person {id: row.server_id})
  WHERE row.server_type = 'person'
  RETURN s
  UNION
  MATCH (s:Household {id: row.server_id})
  WHERE row.server_type = 'household'
  RETURN s
}
MERGE (s)-[r:SERVES]->(h)
SET r.since = date(row.since);
