// buildings -> (:Building)-[:IN_GRID]->(:Grid).

// name: unlink
UNWIND $rows AS row
MATCH (n:Building {id: row.id})-[old:IN_GRID]->(g:Grid)
WHERE g.id <> row.grid_id
DELETE old;

// name: upsert
UNWIND $rows AS row
MERGE (n:Building {id: row.id})
SET n.name = row.name, n.address = row.address, n.floors = row.floors,
    n.lat = row.lat, n.lon = row.lon, n.location = row.location
WITH n, row
MATCH (g:Grid {id: row.grid_id})
MERGE (n)-[:IN_GRID]->(g);
