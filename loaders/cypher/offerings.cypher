// offerings -> (:Platform|:Organization)-[:OFFERS]->(:ServiceCategory).

// name: upsert
UNWIND $rows AS row
MATCH (c:ServiceCategory {id: row.category_id})
CALL (row) {
  MATCH (p:Platform {id: row.provider_id})
  WHERE row.provider_type = 'platform'
  RETURN p
  UNION
  MATCH (p:Organization {id: row.provider_id})
  WHERE row.provider_type = 'organisation'
  RETURN p
}
MERGE (p)-[:OFFERS]->(c);
