// Export offerings in the input format of loaders/tables.py.
MATCH (x)-[:OFFERS]->(c:ServiceCategory)
WHERE x:Platform OR x:Organization
WITH CASE WHEN x:Platform THEN 'platform' ELSE 'organisation' END AS provider_type, x, c
RETURN {} AS props,
       {provider_type: provider_type, provider_id: x.id, category_id: c.id} AS refs
ORDER BY provider_type, x.id, c.id
