// name: requests_by_category
// purpose: Requests per service category in scope: open, closed, overdue, mean days to close and satisfaction.
// audience: planner, analyst
// scope: grids
// param: as_of date = null  -- reference date for overdue; null = today
// returns: category_id, category_name, requests, open, closed, overdue, mean_days_to_close, mean_satisfaction
UNWIND $grids AS grid_id
MATCH (g:Grid {id: grid_id})
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
