// name: district_summary
// purpose: One row per district (county): streets, communities, villages, grids, households and the three-level party network.
// audience: planner, analyst
// param: district str = null  -- district id; null = every district
// returns: district_id, district_name, streets, communities, villages, grids, households, lighthouses, grid_branches, building_groups
MATCH (d:Area)
WHERE d.level = 'district' AND ($district IS NULL OR d.id = $district)
CALL (d) {
  OPTIONAL MATCH (d)<-[:PART_OF*1..]-(a:Area)
  RETURN count(CASE WHEN a.level = 'street' THEN 1 END) AS streets,
         count(CASE WHEN a.level = 'community' THEN 1 END) AS communities,
         count(CASE WHEN a.level = 'village' THEN 1 END) AS villages
}
CALL (d) {
  OPTIONAL MATCH (d)<-[:PART_OF*0..]-(:Area)<-[:IN_AREA]-(g:Grid)
  RETURN count(g) AS grids,
         sum(COUNT { (g)<-[:IN_GRID]-(:Household) }) AS households,
         sum(COUNT { (g)<-[:IN_GRID]-(h:Household) WHERE h.lighthouse = true }) AS lighthouses,
         sum(COUNT { (g)<-[:COVERS]-(o) WHERE o.kind = 'grid_party_branch' })
           AS grid_branches,
         sum(COUNT { (g)<-[:IN_GRID]-(:Building)<-[:COVERS]-(o:Organization)
                     WHERE o.kind = 'building_party_group' }) AS building_groups
}
RETURN d.id AS district_id, d.name AS district_name, streets, communities, villages, grids,
       households, lighthouses, grid_branches, building_groups
ORDER BY district_id
