// name: gap_grid_single_point
// purpose: Grids whose served households all hang on one serving person (GAPS.md grid_single_point).
// audience: planner, reviewer
// scope: grids
// returns: grid_id, community_id, person_id, served_households
UNWIND $grids AS grid_id
MATCH (g:Grid {id: grid_id})
CALL (g) {
  MATCH (g)<-[:IN_GRID]-(h:Household)<-[:SERVES]-(p:Person)
  RETURN h, p
  UNION
  MATCH (g)<-[:IN_GRID]-(h:Household)<-[:SERVES]-(s:Household)<-[:LIVES_IN]-(p:Person)
  WHERE s.lighthouse = true
  RETURN h, p
}
WITH g, count(DISTINCT h) AS served_households, collect(DISTINCT p.id) AS people
WHERE served_households > 0 AND size(people) = 1
OPTIONAL MATCH (g)-[:IN_AREA]->(c:Area)
RETURN g.id AS grid_id, c.id AS community_id, people[0] AS person_id, served_households
ORDER BY grid_id
