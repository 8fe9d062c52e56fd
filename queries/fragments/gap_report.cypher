// The gap report's own parts; queries/compose.py puts every gap's rule
// (fragments/gaps/*.cypher) and its weight and column (queries/gap_rules.py) between
// `context` and `rows`.

// name: context
// In: g. Out: c, its community; the grid's households, lighthouses and buildings.
OPTIONAL MATCH (g)-[:IN_AREA]->(c:Area)
CALL (g) {
  OPTIONAL MATCH (g)<-[:IN_GRID]-(h:Household)
  RETURN count(h) AS households, count(CASE WHEN h.lighthouse = true THEN 1 END) AS lighthouses
}
CALL (g) {
  OPTIONAL MATCH (g)<-[:IN_GRID]-(b:Building)
  RETURN count(b) AS buildings
}

// name: rows
// purpose: One row per grid with every gap code it has, the counts behind them, the score and severity as weighted in GAPS.md.
// audience: planner, reviewer
// scope: grids
// param: as_of date = null  -- reference date for overdue requests and funding years; null = today
// param: max_served
// param: only_gaps bool = false  -- true = leave out grids with no gap (severity none)
// param: detour
// param: walk_5
// param: walk_10
// param: walk_15
// param: circle_5
// param: circle_10
// returns: grid_id, grid_name, community_id, community_name, gaps, score, severity, households, lighthouses, buildings, unserved_households, buildings_without_group, overdue_requests, unmet_categories, out_of_reach_categories, overloaded_lighthouses, serving_people, has_branch, funds_without_roots, single_point_person, missing_org_types
WITH *
WHERE NOT $only_gaps OR score > 0
RETURN g.id AS grid_id, g.name AS grid_name, c.id AS community_id, c.name AS community_name,
       gaps, score, severity, households, lighthouses, buildings, unserved_households,
       buildings_without_group, overdue_requests, unmet_categories, out_of_reach_categories,
       overloaded_lighthouses,
       size(people) AS serving_people, has_branch, funds_without_roots, single_point_person,
       missing_org_types
ORDER BY score DESC, grid_id
