// Export service_ties in the input format of loaders/tables.py.
MATCH (x)-[r:SERVES]->(h:Household)
WHERE x:Person OR x:Household
WITH CASE WHEN x:Person THEN 'person' ELSE 'household' END AS server_type, x, r, h
RETURN {since: r.since} AS props,
       {server_type: server_type, server_id: x.id, household_id: h.id} AS refs
ORDER BY server_type, x.id, h.id
