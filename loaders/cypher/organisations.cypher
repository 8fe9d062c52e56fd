// organisations -> (:Organization), -[:PART_OF]->(:Organization parent),
// -[:COVERS]->(:Area), (:Grid), (:Building).

// name: unlink
UNWIND $rows AS row
MATCH (n:Organization {id: row.id})-[old:PART_OF|COVERS]->(t)
WHERE (type(old) = 'PART_OF' AND t:Organization
       AND (row.parent_id IS NULL OR t.id <> row.parent_id))
   OR (type(old) = 'COVERS' AND t:Area AND (row.area_id IS NULL OR t.id <> row.area_id))
   OR (type(old) = 'COVERS' AND t:Grid AND (row.grid_id IS NULL OR t.id <> row.grid_id))
   OR (type(old) = 'COVERS' AND t:Building
       AND (row.building_id IS NULL OR t.id <> row.building_id))
DELETE old;

// name: upsert
UNWIND $rows AS row
MERGE (n:Organization {id: row.id})
SET n.name = row.name, n.system = row.system, n.type = row.type, n.kind = row.kind,
    n.category = row.category, n.founded = date(row.founded), n.star_rating = row.star_rating
WITH n, row
// One MERGE over the union of covered targets: separate MERGEs of the same
// relationship type would force an Eager between them.
CALL (row) {
  MATCH (t:Area {id: row.area_id}) RETURN t
  UNION
  MATCH (t:Grid {id: row.grid_id}) RETURN t
  UNION
  MATCH (t:Building {id: row.building_id}) RETURN t
}
MERGE (n)-[:COVERS]->(t);

// name: link
UNWIND $rows AS row
MATCH (n:Organization {id: row.id})
MATCH (p:Organization {id: row.parent_id})
MERGE (n)-[:PART_OF]->(p);
