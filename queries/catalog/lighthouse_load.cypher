// name: lighthouse_load
// purpose: Every lighthouse household with the number of households it serves, its party-member residents and whether it is over capacity.
// audience: planner, analyst
// param: district str = null  -- district (or street) id; null = whole city
// param: community str = null  -- community or village id; null = no community filter
// param: grid str = null  -- grid id; null = no grid filter
// param: max_served int = 10  -- capacity of one lighthouse household
// returns: household_id, grid_id, party_group_id, served, party_members, spare, overloaded
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
WHERE h.lighthouse = true
WITH g, h, COUNT { MATCH (h)-[:SERVES]->(x:Household) RETURN DISTINCT x } AS served
OPTIONAL MATCH (h)-[:IN_GROUP]->(o:Organization)
RETURN h.id AS household_id, g.id AS grid_id, o.id AS party_group_id, served,
       COUNT { (h)<-[:LIVES_IN]-(p:Person) WHERE p.party_member = true } AS party_members,
       CASE WHEN served < $max_served THEN $max_served - served ELSE 0 END AS spare,
       served > $max_served AS overloaded
ORDER BY served DESC, household_id
