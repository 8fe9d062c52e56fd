// category_out_of_reach (GAPS.md): households of the grid farther on foot from every
// Platform offering a category than the category's life circle (queries/life_circle.py),
// counting only the platforms that reach the grid by the rule of category_unmet (SERVES
// the grid or one of its reachable areas) and that have a location. Walking distance is
// the straight-line distance (point.distance on `location`) times $detour. A household's
// location is its own, else its building's; households with neither are "reach
// unknown" and never counted as reached (the rows show how many).
// Labels, weight and report column: queries/gap_rules.py.

// name: find
// In: g. Out: node, a category (in id order); walk_m, its circle's walking metres;
// households, the ids of the households out of reach; farthest_m, the longest walk.
WITH g, [g] + [(g)-[:IN_AREA]->(a0:Area) | a0]
    + [(g)-[:IN_AREA]->(:Area)-[:PART_OF*1..]->(a1:Area) | a1] AS reach
CALL (g) {
  MATCH (g)<-[:IN_GRID]-(h:Household)
  OPTIONAL MATCH (h)-[:IN_BUILDING]->(b:Building)
  WITH h, coalesce(h.location, b.location) AS at
  WHERE at IS NOT NULL
  RETURN collect({id: h.id, at: at}) AS located
}
CALL (reach, located) {
  UNWIND reach AS t
  MATCH (t)<-[:SERVES]-(p:Platform)-[:OFFERS]->(cat:ServiceCategory)
  WHERE p.location IS NOT NULL AND size(located) > 0
  WITH cat, collect(DISTINCT p.location) AS spots
  WITH cat, spots,
       CASE WHEN cat.id IN split($circle_5, ',') THEN $walk_5
            WHEN cat.id IN split($circle_10, ',') THEN $walk_10
            ELSE $walk_15 END AS walk_m
  UNWIND located AS h
  WITH cat, walk_m, h,
       reduce(m = -1.0, s IN spots |
         CASE WHEN m < 0 OR point.distance(h.at, s) < m THEN point.distance(h.at, s) ELSE m END
       ) * $detour AS walk
  WHERE walk > walk_m
  WITH cat, walk_m, h.id AS household, walk
  ORDER BY household
  RETURN cat AS node, walk_m, collect(household) AS households, max(walk) AS farthest_m
}
WITH node, walk_m, households, farthest_m
ORDER BY node.id
RETURN node, walk_m, households, farthest_m

// name: rows
// purpose: (grid, category) pairs with households farther on foot than the category's 5/10/15-minute life circle from every reachable platform offering it (GAPS.md category_out_of_reach).
// audience: planner, reviewer
// scope: grids
// param: detour
// param: walk_5
// param: walk_10
// param: walk_15
// param: circle_5
// param: circle_10
// returns: grid_id, category_id, category_name, walk_m, out_of_reach, households, farthest_m, reach_unknown, community_id
OPTIONAL MATCH (g)-[:IN_AREA]->(c:Area)
WITH g, c, node, walk_m, households, farthest_m,
     COUNT {
       MATCH (g)<-[:IN_GRID]-(u:Household)
       WHERE u.location IS NULL
         AND NOT EXISTS { (u)-[:IN_BUILDING]->(ub:Building) WHERE ub.location IS NOT NULL }
     } AS reach_unknown
RETURN g.id AS grid_id, node.id AS category_id, node.name AS category_name, walk_m,
       size(households) AS out_of_reach, households, round(farthest_m, 1) AS farthest_m,
       reach_unknown, c.id AS community_id
ORDER BY grid_id, category_id
