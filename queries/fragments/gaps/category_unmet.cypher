// category_unmet (GAPS.md): a household of the grid RAISED a request IN_CATEGORY c,
// and no Platform that SERVES, nor any Organization that COVERS, the grid or one of
// its reachable areas (its community or village and every area above) OFFERS c.
// Labels, weight and report column: queries/gap_rules.py.

// name: find
// In: g. Out: node, a category (in id order); requests, how many were raised.
WITH g, [g] + [(g)-[:IN_AREA]->(a0:Area) | a0]
    + [(g)-[:IN_AREA]->(:Area)-[:PART_OF*1..]->(a1:Area) | a1] AS reach
CALL (reach) {
  UNWIND reach AS t
  CALL (t) {
    MATCH (t)<-[:SERVES]-(:Platform)-[:OFFERS]->(cat:ServiceCategory) RETURN cat
    UNION
    MATCH (t)<-[:COVERS]-(:Organization)-[:OFFERS]->(cat:ServiceCategory) RETURN cat
  }
  RETURN collect(DISTINCT cat.id) AS offered
}
MATCH (g)<-[:IN_GRID]-(:Household)-[:RAISED]->(r:ServiceRequest)-[:IN_CATEGORY]->(node:ServiceCategory)
WHERE NOT node.id IN offered
WITH node, count(r) AS requests
ORDER BY node.id
RETURN node, requests

// name: rows
// purpose: (grid, category) pairs requested in the grid that no platform or organisation serving or covering the grid or its reachable areas offers (GAPS.md category_unmet).
// audience: planner, reviewer
// scope: grids
// returns: grid_id, category_id, category_name, requests, community_id
OPTIONAL MATCH (g)-[:IN_AREA]->(c:Area)
RETURN g.id AS grid_id, node.id AS category_id, node.name AS category_name, requests,
       c.id AS community_id
ORDER BY grid_id, category_id
