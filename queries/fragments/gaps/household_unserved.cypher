// household_unserved (GAPS.md): a household that is not itself a lighthouse and that no
// Person and no lighthouse household SERVES.
// Labels, weight and report column: queries/gap_rules.py. One walk over the household's
// SERVES for both kinds of server (two walks took 1.5x the database hits at 1M households).

// name: find
// In: g. Out: node, a household of the grid.
MATCH (g)<-[:IN_GRID]-(node:Household)
WHERE coalesce(node.lighthouse, false) = false
  AND NOT EXISTS { (node)<-[:SERVES]-(s) WHERE s:Person OR s.lighthouse = true }
RETURN node

// name: rows
// purpose: Households that are not lighthouses and that no person or lighthouse household serves (GAPS.md household_unserved).
// audience: planner, reviewer
// scope: grids
// returns: household_id, grid_id, building_id, community_id, vulnerable
OPTIONAL MATCH (g)-[:IN_AREA]->(c:Area)
OPTIONAL MATCH (node)-[:IN_BUILDING]->(b:Building)
RETURN node.id AS household_id, g.id AS grid_id, b.id AS building_id, c.id AS community_id,
       coalesce(node.vulnerable, false) AS vulnerable
ORDER BY household_id
