// Every lighthouse household of a grid with the households it serves and their buildings,
// for rebalancing overloaded lighthouses.
MATCH (l:Household {lighthouse: true})-[:IN_GRID]->(:Grid {id: $grid})
OPTIONAL MATCH (l)-[:IN_BUILDING]->(b:Building)
CALL (l) {
    OPTIONAL MATCH (l)-[:SERVES]->(h:Household)
    OPTIONAL MATCH (h)-[:IN_BUILDING]->(hb:Building)
    WITH h, hb WHERE h IS NOT NULL
    RETURN collect({household_id: h.id, building_id: hb.id}) AS served
}
RETURN l.id AS lighthouse_id, l.name AS lighthouse_name, b.id AS building_id, served
ORDER BY lighthouse_id
