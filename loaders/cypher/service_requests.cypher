// service_requests -> (:Household)-[:RAISED]->(:ServiceRequest)-[:IN_CATEGORY]->(:ServiceCategory),
// -[:VIA]->(:Platform), -[:HANDLED_BY]->(:Person).

// name: unlink
UNWIND $rows AS row
MATCH (n:ServiceRequest {id: row.id})
CALL (n, row) {
  MATCH (h:Household)-[old:RAISED]->(n)
  WHERE h.id <> row.household_id
  DELETE old
}
CALL (n, row) {
  MATCH (n)-[old:IN_CATEGORY|VIA|HANDLED_BY]->(t)
  WHERE (type(old) = 'IN_CATEGORY' AND t.id <> row.category_id)
     OR (type(old) = 'VIA' AND (row.platform_id IS NULL OR t.id <> row.platform_id))
     OR (type(old) = 'HANDLED_BY' AND (row.handler_id IS NULL OR t.id <> row.handler_id))
  DELETE old
};

// name: upsert
UNWIND $rows AS row
MERGE (n:ServiceRequest {id: row.id})
// Dates arrive as ISO text and are converted here: the driver's Python temporal
// encoding was the slowest part of loading requests.
SET n.status = row.status, n.opened_at = localdatetime(row.opened_at),
    n.deadline = date(row.deadline), n.closed_at = localdatetime(row.closed_at),
    n.title = row.title, n.satisfaction = row.satisfaction
WITH n, row
MATCH (h:Household {id: row.household_id})
MERGE (h)-[:RAISED]->(n)
WITH n, row
MATCH (c:ServiceCategory {id: row.category_id})
MERGE (n)-[:IN_CATEGORY]->(c)
WITH n, row
CALL (n, row) {
  MATCH (p:Platform {id: row.platform_id})
  MERGE (n)-[:VIA]->(p)
}
CALL (n, row) {
  MATCH (p:Person {id: row.handler_id})
  MERGE (n)-[:HANDLED_BY]->(p)
};
