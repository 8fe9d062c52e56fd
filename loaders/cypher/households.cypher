// households -> (:Household)-[:IN_GRID]->(:Grid), -[:IN_BUILDING]->(:Building),
// -[:IN_GROUP]->(:Organization party group). A household's own lat/lon arrive
// coarsened, with their tokens and the point built from them (gridnet/privacy.py).

// name: unlink
UNWIND $rows AS row
MATCH (n:Household {id: row.id})-[old:IN_GRID|IN_BUILDING|IN_GROUP]->(t)
WHERE (type(old) = 'IN_GRID' AND t.id <> row.grid_id)
   OR (type(old) = 'IN_BUILDING' AND (row.building_id IS NULL OR t.id <> row.building_id))
   OR (type(old) = 'IN_GROUP' AND (row.party_group_id IS NULL OR t.id <> row.party_group_id))
DELETE old;

// name: upsert
UNWIND $rows AS row
MERGE (n:Household {id: row.id})
SET n.name = row.name, n.name_token = row.name_token, n.address = row.address,
    n.address_token = row.address_token, n.phone = row.phone, n.phone_token = row.phone_token,
    n.size = row.size,
    n.vulnerable = row.vulnerable, n.lighthouse = row.lighthouse,
    n.lat = row.lat, n.lat_token = row.lat_token, n.lon = row.lon,
    n.lon_token = row.lon_token, n.location = row.location
WITH n, row
MATCH (g:Grid {id: row.grid_id})
MERGE (n)-[:IN_GRID]->(g)
WITH n, row
CALL (n, row) {
  MATCH (b:Building {id: row.building_id})
  MERGE (n)-[:IN_BUILDING]->(b)
}
CALL (n, row) {
  MATCH (o:Organization {id: row.party_group_id})
  MERGE (n)-[:IN_GROUP]->(o)
};
