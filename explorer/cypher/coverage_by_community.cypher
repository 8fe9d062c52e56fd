// Coverage figures per community or village, with its district, for charts and the map.
MATCH (c:Area) WHERE c.level IN ['community', 'village']
OPTIONAL MATCH (c)-[:PART_OF*1..3]->(d:Area {level: 'district'})
WITH c, head(collect(d)) AS d
CALL (c) {
  MATCH (g:Grid)-[:IN_AREA]->(c)
  RETURN count(g) AS grids,
         count(CASE WHEN EXISTS { (g)<-[:COVERS]-(o) WHERE o.kind = 'grid_party_branch' }
                    THEN 1 END) AS grids_with_branch,
         count(CASE WHEN EXISTS { (g)<-[:IN_GRID]-(l) WHERE l.lighthouse = true }
                    THEN 1 END) AS grids_with_lighthouse
}
CALL (c) {
  MATCH (b:Building)-[:IN_GRID]->(:Grid)-[:IN_AREA]->(c)
  RETURN count(b) AS buildings,
         count(CASE WHEN EXISTS { (b)<-[:COVERS]-(o) WHERE o.kind = 'building_party_group' }
                    THEN 1 END) AS buildings_with_group
}
CALL (c) {
  MATCH (h:Household)-[:IN_GRID]->(:Grid)-[:IN_AREA]->(c)
  RETURN count(h) AS households,
         count(CASE WHEN h.lighthouse = true THEN 1 END) AS lighthouse_households,
         count(CASE WHEN h.lighthouse = true
                      OR EXISTS { (:Person)-[:SERVES]->(h) }
                      OR EXISTS { (h)<-[:SERVES]-(l) WHERE l.lighthouse = true }
                    THEN 1 END) AS households_served
}
RETURN coalesce(d.name, '(no district)') AS district, c.id AS community_id,
       c.name AS community, c.level AS level, grids, grids_with_branch, grids_with_lighthouse,
       buildings, buildings_with_group, households, lighthouse_households, households_served
ORDER BY district, community
