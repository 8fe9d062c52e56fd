// name: gap_household_unserved
// purpose: Households that are not lighthouses and that no person or lighthouse household serves (GAPS.md household_unserved).
// audience: planner, reviewer
// scope: grids
// returns: household_id, grid_id, building_id, community_id, vulnerable
UNWIND $grids AS grid_id
MATCH (g:Grid {id: grid_id})
OPTIONAL MATCH (g)-[:IN_AREA]->(c:Area)
MATCH (g)<-[:IN_GRID]-(h:Household)
WHERE coalesce(h.lighthouse, false) = false
  AND NOT EXISTS { (h)<-[:SERVES]-(:Person) }
  AND NOT EXISTS { (h)<-[:SERVES]-(s:Household) WHERE s.lighthouse = true }
OPTIONAL MATCH (h)-[:IN_BUILDING]->(b:Building)
RETURN h.id AS household_id, g.id AS grid_id, b.id AS building_id, c.id AS community_id,
       coalesce(h.vulnerable, false) AS vulnerable
ORDER BY household_id
