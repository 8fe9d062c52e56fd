// name: gap_category_unmet
// purpose: (grid, category) pairs requested in the grid that no platform or organisation serving or covering the grid or its reachable areas offers (GAPS.md category_unmet).
// audience: planner, reviewer
// scope: grids
// returns: grid_id, category_id, category_name, requests, community_id
UNWIND $grids AS grid_id
MATCH (g:Grid {id: grid_id})
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
MATCH (g)<-[:IN_GRID]-(:Household)-[:RAISED]->(r:ServiceRequest)-[:IN_CATEGORY]->(cat:ServiceCategory)
WHERE NOT cat.id IN offered
WITH g, cat, count(r) AS requests
OPTIONAL MATCH (g)-[:IN_AREA]->(c:Area)
RETURN g.id AS grid_id, cat.id AS category_id, cat.name AS category_name, requests,
       c.id AS community_id
ORDER BY grid_id, category_id
