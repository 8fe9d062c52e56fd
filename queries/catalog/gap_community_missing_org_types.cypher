// name: gap_community_missing_org_types
// purpose: Communities (and villages) covered, directly or through a grid, by no X organisation of one or more of the types autonomous, mass, social, mutual_aid (GAPS.md community_missing_org_types).
// audience: planner, reviewer
// param: district str = null  -- district (or street) id; null = whole city
// param: community str = null  -- community or village id; null = no community filter
// param: grid str = null  -- grid id; null = no grid filter
// returns: community_id, community_name, level, missing_types
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
CALL (c) {
  OPTIONAL MATCH (c)<-[:COVERS]-(o:Organization) WHERE o.system = 'x'
  RETURN collect(DISTINCT o.type) AS direct
}
CALL (c) {
  OPTIONAL MATCH (c)<-[:IN_AREA]-(:Grid)<-[:COVERS]-(o:Organization) WHERE o.system = 'x'
  RETURN collect(DISTINCT o.type) AS via_grids
}
WITH c, [t IN ['autonomous', 'mass', 'social', 'mutual_aid'] WHERE NOT t IN direct + via_grids]
  AS missing_types
WHERE size(missing_types) > 0
RETURN c.id AS community_id, c.name AS community_name, c.level AS level, missing_types
ORDER BY community_id
