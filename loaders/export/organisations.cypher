// Export organisations in the input format of loaders/tables.py.
MATCH (n:Organization)
OPTIONAL MATCH (n)-[:PART_OF]->(p:Organization)
OPTIONAL MATCH (n)-[:COVERS]->(a:Area)
OPTIONAL MATCH (n)-[:COVERS]->(g:Grid)
OPTIONAL MATCH (n)-[:COVERS]->(b:Building)
RETURN n {.*} AS props,
       {parent_id: p.id, area_id: a.id, grid_id: g.id, building_id: b.id} AS refs
ORDER BY n.id
