// grid_without_branch (GAPS.md): no grid party branch COVERS the grid.
// Labels, weight and report column: queries/gap_rules.py.

// name: find
// In: g. Out: node, the grid.
WITH g
WHERE NOT EXISTS { (g)<-[:COVERS]-(o) WHERE o.kind = 'grid_party_branch' }  // only organisations COVER
RETURN g AS node

// name: rows
// purpose: Grids that no grid party branch covers (GAPS.md grid_without_branch, "the lamp gives no light").
// audience: planner, reviewer
// scope: grids
// returns: grid_id, grid_name, community_id, community_name
OPTIONAL MATCH (g)-[:IN_AREA]->(c:Area)
RETURN g.id AS grid_id, g.name AS grid_name, c.id AS community_id, c.name AS community_name
ORDER BY grid_id
