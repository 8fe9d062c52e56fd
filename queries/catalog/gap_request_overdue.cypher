// name: gap_request_overdue
// purpose: Requests not closed whose deadline is before $as_of (GAPS.md request_overdue).
// audience: planner, reviewer
// scope: grids
// param: as_of date = null  -- reference date; null = today
// returns: request_id, household_id, grid_id, category_id, status, deadline, days_overdue
UNWIND $grids AS grid_id
MATCH (g:Grid {id: grid_id})
WITH g, coalesce($as_of, date()) AS as_of
MATCH (g)<-[:IN_GRID]-(h:Household)-[:RAISED]->(r:ServiceRequest)
// coalesce(): not index-sargable on purpose. Bare predicates let the planner scan
// the status or deadline index once per grid (16 s instead of 50 ms).
WHERE coalesce(r.status <> 'closed' AND r.deadline < as_of, false)
OPTIONAL MATCH (r)-[:IN_CATEGORY]->(cat:ServiceCategory)
RETURN r.id AS request_id, h.id AS household_id, g.id AS grid_id, cat.id AS category_id,
       r.status AS status, r.deadline AS deadline,
       duration.inDays(r.deadline, as_of).days AS days_overdue
ORDER BY days_overdue DESC, request_id
