// A grid's requests open past their deadline on $as_of, whom they wait on, and the
// platforms reaching the grid that offer their category (where to escalate).
MATCH (g:Grid {id: $grid})<-[:IN_GRID]-(h:Household)-[:RAISED]->(q:ServiceRequest)
WHERE q.status <> 'closed' AND q.deadline IS NOT NULL AND date(q.deadline) < date($as_of)
OPTIONAL MATCH (q)-[:IN_CATEGORY]->(c:ServiceCategory)
OPTIONAL MATCH (q)-[:VIA]->(via:Platform)
OPTIONAL MATCH (q)-[:HANDLED_BY]->(p:Person)
CALL (g, c) {
    OPTIONAL MATCH (pf:Platform)-[:OFFERS]->(c)
    WHERE (pf)-[:SERVES]->(g) OR EXISTS { (pf)-[:SERVES]->(:Area)<-[:IN_AREA]-(g) }
    RETURN collect(DISTINCT pf.id) AS offering
}
RETURN q.id AS request_id, q.title AS title, q.status AS status, h.id AS household_id,
       c.id AS category_id, c.name AS category, via.id AS via_platform_id,
       p.id AS handler_id, date(q.deadline) AS deadline,
       duration.inDays(date(q.deadline), date($as_of)).days AS days_past_deadline,
       offering
ORDER BY days_past_deadline DESC, request_id
