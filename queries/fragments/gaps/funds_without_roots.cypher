// funds_without_roots (GAPS.md): the grid's community received Funding of the year of
// as_of or an earlier year, and the grid has no Activity, no lighthouse household, no
// serving person and no Platform that SERVES it directly.
// Labels, weight and report column: queries/gap_rules.py.

// name: find
// In: g, as_of, has_serving_person (context.serving). Out: node, the grid; community;
// the funding.
MATCH (g)-[:IN_AREA]->(community:Area)
WHERE NOT has_serving_person
  AND NOT EXISTS { (g)<-[:IN_GRID]-(:Activity) }
  AND NOT EXISTS { (g)<-[:IN_GRID]-(h:Household) WHERE h.lighthouse = true }
  AND NOT EXISTS { (g)<-[:SERVES]-(:Platform) }
MATCH (community)<-[:ALLOCATED_TO]-(f:Funding)
// coalesce(): not index-sargable on purpose. A bare range on the year lets the planner
// scan the Funding(year) index once per grid and test the grid once per funding.
WHERE coalesce(f.year <= as_of.year, false)
RETURN g AS node, community, sum(f.amount_yuan) AS funding_yuan, count(f) AS fundings

// name: rows
// purpose: Grids whose community received funding (of the year of $as_of or before) but that have no activity, lighthouse, serving person or directly serving platform (GAPS.md funds_without_roots).
// audience: planner, reviewer
// scope: grids
// param: as_of date = null  -- reference date: funding of its year and earlier years counts; null = today
// returns: grid_id, community_id, funding_yuan, fundings
RETURN g.id AS grid_id, community.id AS community_id, funding_yuan, fundings
ORDER BY grid_id
