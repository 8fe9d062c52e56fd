// name: gap_request_overdue
// purpose: Requests not closed whose deadline is before $as_of (GAPS.md request_overdue).
// audience: planner, reviewer
// param: district str = null  -- district (or street) id; null = whole city
// param: community str = null  -- community or village id; null = no community filter
// param: grid str = null  -- grid id; null = no grid filter
// param: as_of date = null  -- reference date; null = today
// returns: request_id, household_id, grid_id, category_id, status, deadline, days_overdue
CALL () {
  MATCH (g:Grid {id: $grid}) RETURN g
  UNION
  MATCH (:Area {id: $community})<-[:IN_AREA]-(g:Grid) WHERE $grid IS NULL RETURN g
  UNION
  MATCH (:Area {id: $district})<-[:PART_OF*0..]-(:Area)<-[:IN_AREA]-(g:Grid)
  WHERE $grid IS NULL AND $community IS NULL RETURN g
  UNION
  // whole city only when no scope is given; UNWIND keeps the label scan from running
  UNWIND CASE WHEN $grid IS NULL AND $community IS NULL AND $district IS NULL
              THEN [1] ELSE [] END AS whole_city
  MATCH (g:Grid) RETURN g
}
WITH g
WHERE ($community IS NULL OR EXISTS { (g)-[:IN_AREA]->(:Area {id: $community}) })
  AND ($district IS NULL
       OR EXISTS { (g)-[:IN_AREA]->(:Area)-[:PART_OF*0..]->(:Area {id: $district}) })
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
