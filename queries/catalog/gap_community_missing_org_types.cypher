// name: gap_community_missing_org_types
// purpose: Communities (and villages) covered, directly or through a grid, by no X organisation of one or more of the types autonomous, mass, social, mutual_aid (GAPS.md community_missing_org_types).
// audience: planner, reviewer
// scope: communities
// returns: community_id, community_name, level, missing_types
UNWIND $communities AS community_id
MATCH (c:Area {id: community_id})
CALL (c) {
  OPTIONAL MATCH (c)<-[:COVERS]-(o:Organization) WHERE o.system = 'x'
  RETURN collect(DISTINCT o.type) AS direct
}
CALL (c) {
  OPTIONAL MATCH (c)<-[:IN_AREA]-(:Grid)<-[:COVERS]-(o:Organization) WHERE o.system = 'x'
  RETURN collect(DISTINCT o.type) AS via_grids
}
WITH c, [t IN ['autonomous', 'mass', 'social', 'mutual_aid'] WHERE NOT t IN direct + via_grids]
  AS missing_types
WHERE size(missing_types) > 0
RETURN c.id AS community_id, c.name AS community_name, c.level AS level, missing_types
ORDER BY community_id
