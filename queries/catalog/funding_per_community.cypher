// name: funding_per_community
// purpose: Funding per community (or village) and year by kind, next to how many of its grids show activity, so money without roots stands out.
// audience: planner, analyst
// scope: communities
// param: year int = null  -- budget year; null = every year
// returns: community_id, community_name, year, working_yuan, special_yuan, project_yuan, total_yuan, grids, grids_with_activity
UNWIND $communities AS community_id
MATCH (c:Area {id: community_id})
MATCH (c)<-[:ALLOCATED_TO]-(f:Funding)
WHERE $year IS NULL OR f.year = $year
WITH c, f.year AS year,
     sum(CASE WHEN f.kind = 'working' THEN f.amount_yuan ELSE 0 END) AS working_yuan,
     sum(CASE WHEN f.kind = 'special' THEN f.amount_yuan ELSE 0 END) AS special_yuan,
     sum(CASE WHEN f.kind = 'project' THEN f.amount_yuan ELSE 0 END) AS project_yuan,
     sum(f.amount_yuan) AS total_yuan
RETURN c.id AS community_id, c.name AS community_name, year, working_yuan, special_yuan,
       project_yuan, total_yuan,
       COUNT { (c)<-[:IN_AREA]-(:Grid) } AS grids,
       COUNT { (c)<-[:IN_AREA]-(g:Grid) WHERE EXISTS { (g)<-[:IN_GRID]-(:Activity) } }
         AS grids_with_activity
ORDER BY community_id, year
