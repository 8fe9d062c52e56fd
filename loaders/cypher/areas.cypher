// areas -> (:Area), (:Area)-[:PART_OF]->(:Area parent).
// Statements run in order, each `// name:` block once per batch in one transaction;
// `link` blocks run per batch after every batch of the table is written, because a
// parent may come later in the file than its child.

// name: unlink
// An update that moves the area (or drops its parent) deletes the stale PART_OF.
UNWIND $rows AS row
MATCH (n:Area {id: row.id})-[old:PART_OF]->(p:Area)
WHERE row.parent_id IS NULL OR p.id <> row.parent_id
DELETE old;

// name: upsert
UNWIND $rows AS row
MERGE (n:Area {id: row.id})
SET n.name = row.name, n.level = row.level, n.population = row.population,
    n.centroid_lat = row.centroid_lat, n.centroid_lon = row.centroid_lon,
    n.location = row.location, n.boundary = row.boundary;

// name: link
UNWIND $rows AS row
MATCH (n:Area {id: row.id})
MATCH (p:Area {id: row.parent_id})
MERGE (n)-[:PART_OF]->(p);
