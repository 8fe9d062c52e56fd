// ratings -> (:Rating)-[:RATES]->(:Area|:Grid|:Person|:Organization|:Platform).

// name: unlink
UNWIND $rows AS row
MATCH (n:Rating {id: row.id})-[old:RATES]->(t)
WHERE t.id <> row.target_id OR NOT row.target_label IN labels(t)
DELETE old;

// name: upsert
// The target is matched before the Rating is merged: reading after writing would
// need an Eager.
UNWIND $rows AS row
CALL (row) {
  MATCH (t:Area {id: row.target_id}) WHERE row.target_type = 'area' RETURN t
  UNION
  MATCH (t:Grid {id: row.target_id}) WHERE row.target_type = 'grid' RETURN t
  UNION
  MATCH (t:Person {id: row.target_id}) WHERE row.target_type = 'person' RETURN t
  UNION
  MATCH (t:Organization {id: row.target_id}) WHERE row.target_type = 'organisation' RETURN t
  UNION
  MATCH (t:Platform {id: row.target_id}) WHERE row.target_type = 'platform' RETURN t
}
MERGE (n:Rating {id: row.id})
SET n.target_type = row.target_type, n.score = row.score, n.year = row.year,
    n.rater = row.rater, n.comment = row.comment
MERGE (n)-[:RATES]->(t);
