// name: gap_grid_single_point
// purpose: Grids whose served households all hang on one serving person (GAPS.md grid_single_point).
// audience: planner, reviewer
// param: district str = null  -- district (or street) id; null = whole city
// param: community str = null  -- community or village id; null = no community filter
// param: grid str = null  -- grid id; null = no grid filter
// returns: grid_id, community_id, person_id, served_households
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
CALL (g) {
  MATCH (g)<-[:IN_GRID]-(h:Household)<-[:SERVES]-(p:Person)
  RETURN h, p
  UNION
  MATCH (g)<-[:IN_GRID]-(h:Household)<-[:SERVES]-(s:Household)<-[:LIVES_IN]-(p:Person)
  WHERE s.lighthouse = true
  RETURN h, p
}
WITH g, count(DISTINCT h) AS served_households, collect(DISTINCT p.id) AS people
WHERE served_households > 0 AND size(people) = 1
OPTIONAL MATCH (g)-[:IN_AREA]->(c:Area)
RETURN g.id AS grid_id, c.id AS community_id, people[0] AS person_id, served_households
ORDER BY grid_id
