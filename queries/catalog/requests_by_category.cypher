// name: requests_by_category
// purpose: Requests per service category in scope: open, closed, overdue, mean days to close and satisfaction.
// audience: planner, analyst
// param: district str = null  -- district (or street) id; null = whole city
// param: community str = null  -- community or village id; null = no community filter
// param: grid str = null  -- grid id; null = no grid filter
// param: as_of date = null  -- reference date for overdue; null = today
// returns: category_id, category_name, requests, open, closed, overdue, mean_days_to_close, mean_satisfaction
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
MATCH (g)<-[:IN_GRID]-(:Household)-[:RAISED]->(r:ServiceRequest)-[:IN_CATEGORY]->(cat:ServiceCategory)
WITH cat, r, as_of
RETURN cat.id AS category_id, cat.name AS category_name, count(r) AS requests,
       count(CASE WHEN r.status <> 'closed' THEN 1 END) AS open,
       count(CASE WHEN r.status = 'closed' THEN 1 END) AS closed,
       count(CASE WHEN r.status <> 'closed' AND r.deadline < as_of THEN 1 END) AS overdue,
       round(avg(CASE WHEN r.closed_at IS NOT NULL
                      THEN duration.between(r.opened_at, r.closed_at).days END), 1)
         AS mean_days_to_close,
       round(avg(r.satisfaction), 2) AS mean_satisfaction
ORDER BY requests DESC, category_id
