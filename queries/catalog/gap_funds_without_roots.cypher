// name: gap_funds_without_roots
// purpose: Grids whose community received funding but that have no activity, lighthouse, serving person or directly serving platform (GAPS.md funds_without_roots).
// audience: planner, reviewer
// scope: grids
// returns: grid_id, community_id, funding_yuan, fundings
UNWIND $grids AS grid_id
MATCH (g:Grid {id: grid_id})
MATCH (g)-[:IN_AREA]->(c:Area)
WHERE EXISTS { (c)<-[:ALLOCATED_TO]-(:Funding) }
  AND NOT EXISTS { (g)<-[:IN_GRID]-(:Activity) }
  AND NOT EXISTS { (g)<-[:IN_GRID]-(h:Household) WHERE h.lighthouse = true }
  AND NOT EXISTS { (g)<-[:IN_GRID]-(:Household)<-[:SERVES]-(:Person) }
  AND NOT EXISTS {
    (g)<-[:IN_GRID]-(:Household)<-[:SERVES]-(s:Household)<-[:LIVES_IN]-(:Person)
    WHERE s.lighthouse = true
  }
  AND NOT EXISTS { (g)<-[:SERVES]-(:Platform) }
MATCH (c)<-[:ALLOCATED_TO]-(f:Funding)
RETURN g.id AS grid_id, c.id AS community_id, sum(f.amount_yuan) AS funding_yuan,
       count(f) AS fundings
ORDER BY grid_id
