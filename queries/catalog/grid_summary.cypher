// name: grid_summary
// purpose: One row per grid: households, buildings, lighthouses, people, serving ties, requests and platforms, for planners comparing grids.
// audience: planner, analyst
// param: district str = null  -- district (or street) id; null = whole city
// param: community str = null  -- community or village id; null = no community filter
// param: grid str = null  -- grid id; null = no grid filter
// returns: grid_id, grid_name, kind, community_id, community_name, households, buildings, lighthouses, residents, party_members, served_households, requests, open_requests, platforms, has_branch
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
CALL (g) {
  OPTIONAL MATCH (g)<-[:IN_GRID]-(h:Household)
  RETURN count(h) AS households,
         count(CASE WHEN h.lighthouse = true THEN 1 END) AS lighthouses,
         count(CASE WHEN EXISTS { (h)<-[:SERVES]-() } THEN 1 END) AS served_households
}
CALL (g) {
  OPTIONAL MATCH (g)<-[:IN_GRID]-(:Household)<-[:LIVES_IN]-(p:Person)
  RETURN count(p) AS residents, count(CASE WHEN p.party_member = true THEN 1 END) AS party_members
}
CALL (g) {
  OPTIONAL MATCH (g)<-[:IN_GRID]-(:Household)-[:RAISED]->(r:ServiceRequest)
  RETURN count(r) AS requests, count(CASE WHEN r.status <> 'closed' THEN 1 END) AS open_requests
}
RETURN g.id AS grid_id, g.name AS grid_name, g.kind AS kind, c.id AS community_id,
       c.name AS community_name, households, COUNT { (g)<-[:IN_GRID]-(:Building) } AS buildings,
       lighthouses, residents, party_members, served_households, requests, open_requests,
       COUNT { (g)<-[:SERVES]-(:Platform) } AS platforms,
       EXISTS { (g)<-[:COVERS]-(o:Organization) WHERE o.kind = 'grid_party_branch' } AS has_branch
ORDER BY grid_id
