// Closed requests with their resolution time (days, fractional) and whether the deadline held.
MATCH (q:ServiceRequest)
WHERE q.status = 'closed' AND q.opened_at IS NOT NULL AND q.closed_at IS NOT NULL
OPTIONAL MATCH (h:Household)-[:RAISED]->(q)
OPTIONAL MATCH (h)-[:IN_GRID]->(g:Grid)
OPTIONAL MATCH (g)-[:IN_AREA]->(c:Area)
OPTIONAL MATCH (c)-[:PART_OF*1..3]->(d:Area {level: 'district'})
OPTIONAL MATCH (q)-[:IN_CATEGORY]->(sc:ServiceCategory)
WITH q, g, c, sc, head(collect(d)) AS d
RETURN q.id AS request_id, g.id AS grid_id, g.name AS grid, c.name AS community,
       d.name AS district, coalesce(sc.name, sc.id, '(none)') AS category,
       date(q.closed_at) AS closed,
       duration.inSeconds(q.opened_at, q.closed_at).seconds / 86400.0 AS resolution_days,
       q.deadline IS NULL OR date(q.closed_at) <= date(q.deadline) AS on_time,
       q.satisfaction AS satisfaction
ORDER BY closed, request_id
