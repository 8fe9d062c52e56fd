// name: recommend_candidates
// purpose: Input of the lighthouse recommender: unserved households, lighthouse households with their load, and households with a party member living in them.
// audience: analyst
// param: district str = null  -- district (or street) id; null = whole city
// param: community str = null  -- community or village id; null = no community filter
// param: grid str = null  -- grid id; null = no grid filter
// returns: household_id, grid_id, building_id, lighthouse, unserved, served, party_members
CALL () {
  MATCH (g:Grid {id: $grid}) RETURN g
  UNION
  MATCH (:Area {id: $community})<-[:IN_AREA]-(g:Grid) WHERE $grid IS NULL RETURN g
  UNION
  MATCH (:Area {id: $district})<-[:PART_OF*0..]-(:Area)<-[:IN_AREA]-(g:Grid)
  WHERE $grid IS NULL AND $community IS NULL RETURN g
  UNION
  // whole city only when no scope is given; UNWIND keeps the label scan from running
  UNWIND CASE WHEN $grid IS NULL AND $community IS NULL AND $district IS NULL
              THEN [1] ELSE [] END AS whole_city
  MATCH (g:Grid) RETURN g
}
WITH g
WHERE ($community IS NULL OR EXISTS { (g)-[:IN_AREA]->(:Area {id: $community}) })
  AND ($district IS NULL
       OR EXISTS { (g)-[:IN_AREA]->(:Area)-[:PART_OF*0..]->(:Area {id: $district}) })
MATCH (g)<-[:IN_GRID]-(h:Household)
OPTIONAL MATCH (h)-[:IN_BUILDING]->(b:Building)
WITH g, h, b,
     coalesce(h.lighthouse, false) = false
       AND NOT EXISTS { (h)<-[:SERVES]-(:Person) }
       AND NOT EXISTS { (h)<-[:SERVES]-(s:Household) WHERE s.lighthouse = true } AS unserved,
     [(h)<-[:LIVES_IN]-(p:Person) WHERE p.party_member = true | p.id] AS party_members
WHERE unserved OR h.lighthouse = true OR size(party_members) > 0
RETURN h.id AS household_id, g.id AS grid_id, b.id AS building_id,
       coalesce(h.lighthouse, false) AS lighthouse, unserved,
       COUNT { MATCH (h)-[:SERVES]->(x:Household) RETURN DISTINCT x } AS served,
       party_members
ORDER BY household_id
