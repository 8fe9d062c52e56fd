// name: gap_funds_without_roots
// purpose: Grids whose community received funding but that have no activity, lighthouse, serving person or directly serving platform (GAPS.md funds_without_roots).
// audience: planner, reviewer
// param: district str = null  -- district (or street) id; null = whole city
// param: community str = null  -- community or village id; null = no community filter
// param: grid str = null  -- grid id; null = no grid filter
// returns: grid_id, community_id, funding_yuan, fundings
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
MATCH (g)-[:IN_AREA]->(c:Area)
WHERE EXISTS { (c)<-[:ALLOCATED_TO]-(:Funding) }
  AND NOT EXISTS { (g)<-[:IN_GRID]-(:Activity) }
  AND NOT EXISTS { (g)<-[:IN_GRID]-(h:Household) WHERE h.lighthouse = true }
  AND NOT EXISTS { (g)<-[:IN_GRID]-(:Household)<-[:SERVES]-(:Person) }
  AND NOT EXISTS {
    (g)<-[:IN_GRID]-(:Household)<-[:SERVES]-(s:Household)<-[:LIVES_IN]-(:Person)
    WHERE s.lighthouse = true
  }
  AND NOT EXISTS { (g)<-[:SERVES]-(:Platform) }
MATCH (c)<-[:ALLOCATED_TO]-(f:Funding)
RETURN g.id AS grid_id, c.id AS community_id, sum(f.amount_yuan) AS funding_yuan,
       count(f) AS fundings
ORDER BY grid_id
