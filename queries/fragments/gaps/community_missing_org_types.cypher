// community_missing_org_types (GAPS.md): the community (or a grid in it) is covered by
// no X organisation (system 'x') of one or more of the types autonomous, mass, social,
// mutual_aid.
// Labels, weight and report column: queries/gap_rules.py.

// name: find
// In: c. Out: node, the community; missing_type, one row per missing type, in the
// order of the list below.
CALL (c) {
  OPTIONAL MATCH (c)<-[:COVERS]-(o:Organization) WHERE o.system = 'x'
  RETURN collect(DISTINCT o.type) AS direct
}
CALL (c) {
  OPTIONAL MATCH (c)<-[:IN_AREA]-(:Grid)<-[:COVERS]-(o:Organization) WHERE o.system = 'x'
  RETURN collect(DISTINCT o.type) AS via_grids
}
UNWIND ['autonomous', 'mass', 'social', 'mutual_aid'] AS missing_type
WITH c, missing_type, direct + via_grids AS present
WHERE NOT missing_type IN present
RETURN c AS node, missing_type

// name: rows
// purpose: Communities (and villages) covered, directly or through a grid, by no X organisation of one or more of the types autonomous, mass, social, mutual_aid (GAPS.md community_missing_org_types).
// audience: planner, reviewer
// scope: communities
// returns: community_id, community_name, level, missing_types
WITH c, collect(missing_type) AS missing_types
RETURN c.id AS community_id, c.name AS community_name, c.level AS level, missing_types
ORDER BY community_id
