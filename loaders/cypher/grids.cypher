// grids -> (:Grid)-[:IN_AREA]->(:Area community or village).

// name: unlink
UNWIND $rows AS row
MATCH (n:Grid {id: row.id})-[old:IN_AREA]->(a:Area)
WHERE a.id <> row.community_id
DELETE old;

// name: upsert
UNWIND $rows AS row
MERGE (n:Grid {id: row.id})
SET n.name = row.name, n.kind = row.kind,
    n.centroid_lat = row.centroid_lat, n.centroid_lon = row.centroid_lon,
    n.location = row.location, n.boundary = row.boundary
WITH n, row
MATCH (a:Area {id: row.community_id})
MERGE (n)-[:IN_AREA]->(a);
