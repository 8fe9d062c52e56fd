// Export grids in the input format of loaders/tables.py.
MATCH (n:Grid)
OPTIONAL MATCH (n)-[:IN_AREA]->(c:Area)
RETURN n {.*} AS props, {community_id: c.id} AS refs
ORDER BY n.id
