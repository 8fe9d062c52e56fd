// name: gap_household_unserved
// purpose: Households that are not lighthouses and that no person or lighthouse household serves (GAPS.md household_unserved).
// audience: planner, reviewer
// param: district str = null  -- district (or street) id; null = whole city
// param: community str = null  -- community or village id; null = no community filter
// param: grid str = null  -- grid id; null = no grid filter
// returns: household_id, grid_id, building_id, community_id, vulnerable
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
OPTIONAL MATCH (g)-[:IN_AREA]->(c:Area)
MATCH (g)<-[:IN_GRID]-(h:Household)
WHERE coalesce(h.lighthouse, false) = false
  AND NOT EXISTS { (h)<-[:SERVES]-(:Person) }
  AND NOT EXISTS { (h)<-[:SERVES]-(s:Household) WHERE s.lighthouse = true }
OPTIONAL MATCH (h)-[:IN_BUILDING]->(b:Building)
RETURN h.id AS household_id, g.id AS grid_id, b.id AS building_id, c.id AS community_id,
       coalesce(h.vulnerable, false) AS vulnerable
ORDER BY household_id
