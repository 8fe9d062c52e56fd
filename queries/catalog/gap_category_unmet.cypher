// name: gap_category_unmet
// purpose: (grid, category) pairs requested in the grid that no platform or organisation serving or covering the grid or its reachable areas offers (GAPS.md category_unmet).
// audience: planner, reviewer
// param: district str = null  -- district (or street) id; null = whole city
// param: community str = null  -- community or village id; null = no community filter
// param: grid str = null  -- grid id; null = no grid filter
// returns: grid_id, category_id, category_name, requests, community_id
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
WITH g, [g] + [(g)-[:IN_AREA]->(a0:Area) | a0]
    + [(g)-[:IN_AREA]->(:Area)-[:PART_OF*1..]->(a1:Area) | a1] AS reach
CALL (reach) {
  UNWIND reach AS t
  CALL (t) {
    MATCH (t)<-[:SERVES]-(:Platform)-[:OFFERS]->(cat:ServiceCategory) RETURN cat
    UNION
    MATCH (t)<-[:COVERS]-(:Organization)-[:OFFERS]->(cat:ServiceCategory) RETURN cat
  }
  RETURN collect(DISTINCT cat.id) AS offered
}
MATCH (g)<-[:IN_GRID]-(:Household)-[:RAISED]->(r:ServiceRequest)-[:IN_CATEGORY]->(cat:ServiceCategory)
WHERE NOT cat.id IN offered
WITH g, cat, count(r) AS requests
OPTIONAL MATCH (g)-[:IN_AREA]->(c:Area)
RETURN g.id AS grid_id, cat.id AS category_id, cat.name AS category_name, requests,
       c.id AS community_id
ORDER BY grid_id, category_id
