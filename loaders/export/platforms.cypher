// Export platforms in the input format of loaders/tables.py.
MATCH (n:Platform)
OPTIONAL MATCH (o:Organization)-[:HOSTS]->(n)
OPTIONAL MATCH (n)-[:SERVES]->(a:Area)
OPTIONAL MATCH (n)-[:SERVES]->(g:Grid)
RETURN n {.*} AS props, {organisation_id: o.id, area_id: a.id, grid_id: g.id} AS refs
ORDER BY n.id
