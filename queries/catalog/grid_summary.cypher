// name: grid_summary
// purpose: One row per grid: households, buildings, lighthouses, people, serving ties, requests and platforms, for planners comparing grids.
// audience: planner, analyst
// scope: grids
// returns: grid_id, grid_name, kind, community_id, community_name, households, buildings, lighthouses, residents, party_members, served_households, requests, open_requests, platforms, has_branch
UNWIND $grids AS grid_id
MATCH (g:Grid {id: grid_id})
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
       EXISTS { (g)<-[:COVERS]-(o) WHERE o.kind = 'grid_party_branch' } AS has_branch
ORDER BY grid_id
