// name: lighthouse_load
// purpose: Every lighthouse household with the number of households it serves, its party-member residents and whether it is over capacity.
// audience: planner, analyst
// scope: grids
// param: max_served
// returns: household_id, grid_id, party_group_id, served, party_members, spare, overloaded
UNWIND $grids AS grid_id
MATCH (g:Grid {id: grid_id})
MATCH (g)<-[:IN_GRID]-(h:Household)
WHERE h.lighthouse = true
WITH g, h, COUNT { MATCH (h)-[:SERVES]->(x:Household) RETURN DISTINCT x } AS served
OPTIONAL MATCH (h)-[:IN_GROUP]->(o:Organization)
RETURN h.id AS household_id, g.id AS grid_id, o.id AS party_group_id, served,
       COUNT { (h)<-[:LIVES_IN]-(p:Person) WHERE p.party_member = true } AS party_members,
       CASE WHEN served < $max_served THEN $max_served - served ELSE 0 END AS spare,
       served > $max_served AS overloaded
ORDER BY served DESC, household_id
