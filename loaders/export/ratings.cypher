// Export ratings in the input format of loaders/tables.py.
MATCH (n:Rating)
OPTIONAL MATCH (n)-[:RATES]->(t)
WITH n, t,
     CASE
       WHEN t:Area THEN 'area'
       WHEN t:Grid THEN 'grid'
       WHEN t:Person THEN 'person'
       WHEN t:Organization THEN 'organisation'
       WHEN t:Platform THEN 'platform'
     END AS target_type
RETURN n {.*} AS props, {target_type: target_type, target_id: t.id} AS refs
ORDER BY n.id
