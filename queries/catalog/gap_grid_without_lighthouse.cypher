// name: gap_grid_without_lighthouse
// purpose: Grids with no lighthouse household in them (GAPS.md grid_without_lighthouse).
// audience: planner, reviewer
// scope: grids
// returns: grid_id, grid_name, community_id, households
UNWIND $grids AS grid_id
MATCH (g:Grid {id: grid_id})
WHERE NOT EXISTS { (g)<-[:IN_GRID]-(h:Household) WHERE h.lighthouse = true }
OPTIONAL MATCH (g)-[:IN_AREA]->(c:Area)
RETURN g.id AS grid_id, g.name AS grid_name, c.id AS community_id,
       COUNT { (g)<-[:IN_GRID]-(:Household) } AS households
ORDER BY grid_id
