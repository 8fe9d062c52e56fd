// name: community_summary
// purpose: One row per community or village: grids, households, the three-level party network, platforms and funding received.
// audience: planner, analyst
// param: district str = null  -- district (or street) id; null = whole city
// param: community str = null  -- community or village id; null = no community filter
// param: grid str = null  -- grid id; null = no grid filter
// returns: community_id, community_name, level, street_id, grids, households, lighthouses, grid_branches, building_groups, platforms, funding_yuan
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
OPTIONAL MATCH (c)-[:PART_OF]->(s:Area)
CALL (c) {
  OPTIONAL MATCH (c)<-[:IN_AREA]-(g:Grid)
  RETURN count(g) AS grids,
         sum(COUNT { (g)<-[:IN_GRID]-(:Household) }) AS households,
         sum(COUNT { (g)<-[:IN_GRID]-(h:Household) WHERE h.lighthouse = true }) AS lighthouses,
         sum(COUNT { (g)<-[:COVERS]-(o:Organization) WHERE o.kind = 'grid_party_branch' })
           AS grid_branches,
         sum(COUNT { (g)<-[:IN_GRID]-(:Building)<-[:COVERS]-(o:Organization)
                     WHERE o.kind = 'building_party_group' }) AS building_groups,
         sum(COUNT { (g)<-[:SERVES]-(:Platform) }) AS grid_platforms
}
RETURN c.id AS community_id, c.name AS community_name, c.level AS level, s.id AS street_id,
       grids, households, lighthouses, grid_branches, building_groups,
       grid_platforms + COUNT { (c)<-[:SERVES]-(:Platform) } AS platforms,
       reduce(total = 0.0, amount IN [(c)<-[:ALLOCATED_TO]-(f:Funding) | f.amount_yuan]
              | total + coalesce(amount, 0)) AS funding_yuan
ORDER BY community_id
