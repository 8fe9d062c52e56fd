// Export households in the input format of loaders/tables.py.
MATCH (n:Household)
OPTIONAL MATCH (n)-[:IN_GRID]->(g:Grid)
OPTIONAL MATCH (n)-[:IN_BUILDING]->(b:Building)
OPTIONAL MATCH (n)-[:IN_GROUP]->(o:Organization)
RETURN n {.*} AS props, {grid_id: g.id, building_id: b.id, party_group_id: o.id} AS refs
ORDER BY n.id
