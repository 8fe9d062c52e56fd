// What a grid holds, for its summary node in a community's network: the three levels of
// its party network, households and lighthouse households, buildings, open requests.
UNWIND $grids AS gid
MATCH (g:Grid {id: gid})
RETURN g.id AS grid_id, g.name AS grid_name,
       COUNT { (g)<-[:IN_GRID]-(:Household) } AS households,
       COUNT { (g)<-[:IN_GRID]-(:Household {lighthouse: true}) } AS lighthouses,
       COUNT { (g)<-[:IN_GRID]-(:Building) } AS buildings,
       COUNT { (g)<-[:COVERS]-(:Organization {kind: 'grid_party_branch'}) } AS branches,
       COUNT { (g)<-[:COVERS]-(:Organization {kind: 'grid_party_branch'})
               <-[:PART_OF]-(:Organization) } AS party_groups,
       COUNT { (g)<-[:IN_GRID]-(:Household)-[:RAISED]->(q:ServiceRequest)
               WHERE q.status <> 'closed' } AS open_requests
ORDER BY grid_id
