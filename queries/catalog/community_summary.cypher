// name: community_summary
// purpose: One row per community or village: grids, households, the three-level party network, platforms and funding received.
// audience: planner, analyst
// scope: communities
// returns: community_id, community_name, level, street_id, grids, households, lighthouses, grid_branches, building_groups, platforms, funding_yuan
UNWIND $communities AS community_id
MATCH (c:Area {id: community_id})
OPTIONAL MATCH (c)-[:PART_OF]->(s:Area)
CALL (c) {
  OPTIONAL MATCH (c)<-[:IN_AREA]-(g:Grid)
  RETURN count(g) AS grids,
         sum(COUNT { (g)<-[:IN_GRID]-(:Household) }) AS households,
         sum(COUNT { (g)<-[:IN_GRID]-(h:Household) WHERE h.lighthouse = true }) AS lighthouses,
         sum(COUNT { (g)<-[:COVERS]-(o) WHERE o.kind = 'grid_party_branch' })
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
