// Requests open on $as_of, aged in days, with where they came from and their deadline.
MATCH (q:ServiceRequest)
WHERE q.status <> 'closed' AND q.opened_at IS NOT NULL AND date(q.opened_at) <= date($as_of)
OPTIONAL MATCH (h:Household)-[:RAISED]->(q)
OPTIONAL MATCH (h)-[:IN_GRID]->(g:Grid)
OPTIONAL MATCH (g)-[:IN_AREA]->(c:Area)
OPTIONAL MATCH (c)-[:PART_OF*1..3]->(d:Area {level: 'district'})
OPTIONAL MATCH (q)-[:IN_CATEGORY]->(sc:ServiceCategory)
WITH q, g, c, sc, head(collect(d)) AS d
RETURN q.id AS request_id, q.title AS title, q.status AS status,
       g.id AS grid_id, g.name AS grid, c.name AS community, d.name AS district,
       sc.id AS category_id, coalesce(sc.name, sc.id, '(none)') AS category,
       date(q.opened_at) AS opened, q.deadline AS deadline,
       duration.inDays(date(q.opened_at), date($as_of)).days AS age_days,
       q.deadline IS NOT NULL AND date(q.deadline) < date($as_of) AS overdue,
       CASE WHEN q.deadline IS NULL THEN null
            ELSE duration.inDays(date(q.deadline), date($as_of)).days END AS days_past_deadline
ORDER BY age_days DESC, request_id
