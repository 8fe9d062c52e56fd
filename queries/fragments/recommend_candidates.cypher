// The lighthouse recommender's candidates (queries/recommend.py). Whether a household is
// unserved is the household_unserved rule itself: queries/compose.py puts that rule's
// hits of grid g, collected as `unserved_households`, before the `rows` block below.

// name: rows
// purpose: Input of the lighthouse recommender: unserved households, lighthouse households with their load, and households with a party member living in them.
// audience: analyst
// scope: grids
// returns: household_id, grid_id, building_id, lighthouse, unserved, served, party_members
MATCH (g)<-[:IN_GRID]-(h:Household)
OPTIONAL MATCH (h)-[:IN_BUILDING]->(b:Building)
WITH g, h, b,
     h IN unserved_households AS unserved,
     [(h)<-[:LIVES_IN]-(p:Person) WHERE p.party_member = true | p.id] AS party_members
WHERE unserved OR h.lighthouse = true OR size(party_members) > 0
RETURN h.id AS household_id, g.id AS grid_id, b.id AS building_id,
       coalesce(h.lighthouse, false) AS lighthouse, unserved,
       COUNT { MATCH (h)-[:SERVES]->(x:Household) RETURN DISTINCT x } AS served,
       party_members
ORDER BY household_id
