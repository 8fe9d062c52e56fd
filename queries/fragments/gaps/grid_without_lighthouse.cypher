// grid_without_lighthouse (GAPS.md): no lighthouse household is IN_GRID the grid.
// Labels, weight and report column: queries/gap_rules.py.

// name: find
// In: g. Out: node, the grid.
WITH g
WHERE NOT EXISTS { (g)<-[:IN_GRID]-(h:Household) WHERE h.lighthouse = true }
RETURN g AS node

// name: rows
// purpose: Grids with no lighthouse household in them (GAPS.md grid_without_lighthouse).
// audience: planner, reviewer
// scope: grids
// returns: grid_id, grid_name, community_id, households
OPTIONAL MATCH (g)-[:IN_AREA]->(c:Area)
RETURN g.id AS grid_id, g.name AS grid_name, c.id AS community_id,
       COUNT { (g)<-[:IN_GRID]-(:Household) } AS households
ORDER BY grid_id
