// name: funding_per_community
// purpose: Funding per community (or village) and year by kind, next to how many of its grids show activity, so money without roots stands out.
// audience: planner, analyst
// param: district str = null  -- district (or street) id; null = whole city
// param: community str = null  -- community or village id; null = no community filter
// param: grid str = null  -- grid id; null = no grid filter
// param: year int = null  -- budget year; null = every year
// returns: community_id, community_name, year, working_yuan, special_yuan, project_yuan, total_yuan, grids, grids_with_activity
CALL () {
  MATCH (:Grid {id: $grid})-[:IN_AREA]->(c:Area) RETURN c
  UNION
  MATCH (c:Area {id: $community}) WHERE $grid IS NULL RETURN c
  UNION
  MATCH (:Area {id: $district})<-[:PART_OF*0..]-(c:Area)
  WHERE $grid IS NULL AND $community IS NULL AND c.level IN ['community', 'village'] RETURN c
  UNION
  UNWIND CASE WHEN $grid IS NULL AND $community IS NULL AND $district IS NULL
              THEN [1] ELSE [] END AS whole_city
  MATCH (c:Area) WHERE c.level IN ['community', 'village'] RETURN c
}
WITH c
WHERE ($community IS NULL OR c.id = $community)
  AND ($district IS NULL OR EXISTS { (c)-[:PART_OF*0..]->(:Area {id: $district}) })
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
