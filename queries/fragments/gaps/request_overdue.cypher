// request_overdue (GAPS.md): a request not closed whose deadline is before as_of.
// Labels, weight and report column: queries/gap_rules.py.

// name: find
// In: g, as_of. Out: node, a request raised in the grid; household, who raised it.
MATCH (g)<-[:IN_GRID]-(household:Household)-[:RAISED]->(node:ServiceRequest)
// coalesce(): not index-sargable on purpose. Bare predicates let the planner scan
// the status or deadline index once per grid (16 s instead of 50 ms).
WHERE coalesce(node.status <> 'closed' AND node.deadline < as_of, false)
RETURN node, household

// name: rows
// purpose: Requests not closed whose deadline is before $as_of (GAPS.md request_overdue).
// audience: planner, reviewer
// scope: grids
// param: as_of date = null  -- reference date; null = today
// returns: request_id, household_id, grid_id, category_id, status, deadline, days_overdue
OPTIONAL MATCH (node)-[:IN_CATEGORY]->(cat:ServiceCategory)
RETURN node.id AS request_id, household.id AS household_id, g.id AS grid_id,
       cat.id AS category_id, node.status AS status, node.deadline AS deadline,
       duration.inDays(node.deadline, as_of).days AS days_overdue
ORDER BY days_overdue DESC, request_id
