// name: gap_building_without_group
// purpose: Buildings that no building party group covers (GAPS.md building_without_group).
// audience: planner, reviewer
// param: district str = null  -- district (or street) id; null = whole city
// param: community str = null  -- community or village id; null = no community filter
// param: grid str = null  -- grid id; null = no grid filter
// returns: building_id, building_name, grid_id, community_id
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
MATCH (g)<-[:IN_GRID]-(b:Building)
WHERE NOT EXISTS {
  (b)<-[:COVERS]-(o:Organization) WHERE o.kind = 'building_party_group'
}
OPTIONAL MATCH (g)-[:IN_AREA]->(c:Area)
RETURN b.id AS building_id, b.name AS building_name, g.id AS grid_id, c.id AS community_id
ORDER BY building_id
