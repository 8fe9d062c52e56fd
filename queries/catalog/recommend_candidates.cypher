// name: recommend_candidates
// purpose: Input of the lighthouse recommender: unserved households, lighthouse households with their load, and households with a party member living in them.
// audience: analyst
// scope: grids
// returns: household_id, grid_id, building_id, lighthouse, unserved, served, party_members
UNWIND $grids AS grid_id
MATCH (g:Grid {id: grid_id})
MATCH (g)<-[:IN_GRID]-(h:Household)
OPTIONAL MATCH (h)-[:IN_BUILDING]->(b:Building)
WITH g, h, b,
     coalesce(h.lighthouse, false) = false
       AND NOT EXISTS { (h)<-[:SERVES]-(s) WHERE s:Person OR s.lighthouse = true } AS unserved,
     [(h)<-[:LIVES_IN]-(p:Person) WHERE p.party_member = true | p.id] AS party_members
WHERE unserved OR h.lighthouse = true OR size(party_members) > 0
RETURN h.id AS household_id, g.id AS grid_id, b.id AS building_id,
       coalesce(h.lighthouse, false) AS lighthouse, unserved,
       COUNT { MATCH (h)-[:SERVES]->(x:Household) RETURN DISTINCT x } AS served,
       party_members
ORDER BY household_id
