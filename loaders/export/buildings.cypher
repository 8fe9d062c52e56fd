// Export buildings in the input format of loaders/tables.py.
MATCH (n:Building)
OPTIONAL MATCH (n)-[:IN_GRID]->(g:Grid)
RETURN n {.*} AS props, {grid_id: g.id} AS refs
ORDER BY n.id
