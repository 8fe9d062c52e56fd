// Export activities in the input format of loaders/tables.py.
MATCH (n:Activity)
OPTIONAL MATCH (o:Organization)-[:HELD]->(n)
OPTIONAL MATCH (n)-[:IN_GRID]->(g:Grid)
OPTIONAL MATCH (n)-[:IN_AREA]->(a:Area)
RETURN n {.*} AS props, {organisation_id: o.id, grid_id: g.id, area_id: a.id} AS refs
ORDER BY n.id
