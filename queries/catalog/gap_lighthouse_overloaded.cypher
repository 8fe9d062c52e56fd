// name: gap_lighthouse_overloaded
// purpose: Lighthouse households that serve more than $max_served households (GAPS.md lighthouse_overloaded).
// audience: planner, reviewer
// scope: grids
// param: max_served
// returns: household_id, grid_id, community_id, served
UNWIND $grids AS grid_id
MATCH (g:Grid {id: grid_id})
MATCH (g)<-[:IN_GRID]-(h:Household)
WHERE h.lighthouse = true
WITH g, h, COUNT { MATCH (h)-[:SERVES]->(x:Household) RETURN DISTINCT x } AS served
WHERE served > $max_served
OPTIONAL MATCH (g)-[:IN_AREA]->(c:Area)
RETURN h.id AS household_id, g.id AS grid_id, c.id AS community_id, served
ORDER BY served DESC, household_id
