// lighthouse_overloaded (GAPS.md): a lighthouse household that SERVES more than
// $max_served households (default: gap_rules.MAX_SERVED).
// Labels, weight and report column: queries/gap_rules.py.

// name: find
// In: g, $max_served. Out: node, a lighthouse household of the grid; served.
MATCH (g)<-[:IN_GRID]-(node:Household)
WHERE node.lighthouse = true
WITH node, COUNT { MATCH (node)-[:SERVES]->(x:Household) RETURN DISTINCT x } AS served
WHERE served > $max_served
RETURN node, served

// name: rows
// purpose: Lighthouse households that serve more than $max_served households (GAPS.md lighthouse_overloaded).
// audience: planner, reviewer
// scope: grids
// param: max_served
// returns: household_id, grid_id, community_id, served
OPTIONAL MATCH (g)-[:IN_AREA]->(c:Area)
RETURN node.id AS household_id, g.id AS grid_id, c.id AS community_id, served
ORDER BY served DESC, household_id
