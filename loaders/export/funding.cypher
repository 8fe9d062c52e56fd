// Export funding in the input format of loaders/tables.py.
MATCH (n:Funding)
OPTIONAL MATCH (n)-[:ALLOCATED_TO]->(a:Area)
RETURN n {.*} AS props, {area_id: a.id} AS refs
ORDER BY n.id
