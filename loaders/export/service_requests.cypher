// Export service_requests in the input format of loaders/tables.py.
MATCH (n:ServiceRequest)
OPTIONAL MATCH (h:Household)-[:RAISED]->(n)
OPTIONAL MATCH (n)-[:IN_CATEGORY]->(c:ServiceCategory)
OPTIONAL MATCH (n)-[:VIA]->(p:Platform)
OPTIONAL MATCH (n)-[:HANDLED_BY]->(x:Person)
RETURN n {.*} AS props,
       {household_id: h.id, category_id: c.id, platform_id: p.id, handler_id: x.id} AS refs
ORDER BY n.id
