// What if a person (or a lighthouse household) stopped serving: the households that would
// lose every serving tie. A lighthouse stops serving when it is removed, or when the removed
// person was the only party member living in it. $person / $household: one is null.
CALL () {
    MATCH (l:Household {id: $household}) WHERE l.lighthouse = true RETURN l
  UNION
    MATCH (p:Person {id: $person})-[:LIVES_IN]->(l:Household {lighthouse: true})
    WHERE NOT EXISTS {
      MATCH (o:Person)-[:LIVES_IN]->(l) WHERE o.id <> $person AND o.party_member = true }
    RETURN l
}
WITH collect(l.id) AS gone
CALL (gone) {
    MATCH (:Person {id: $person})-[:SERVES]->(h:Household) RETURN h
  UNION
    MATCH (l:Household)-[:SERVES]->(h:Household) WHERE l.id IN gone RETURN h
}
WITH DISTINCT h, gone
WHERE NOT EXISTS { MATCH (o:Person)-[:SERVES]->(h) WHERE o.id <> coalesce($person, '') }
  AND NOT EXISTS { MATCH (l:Household {lighthouse: true})-[:SERVES]->(h) WHERE NOT l.id IN gone }
OPTIONAL MATCH (h)-[:IN_GRID]->(g:Grid)
RETURN h.id AS household_id, h.name AS household_name, g.id AS grid_id, g.name AS grid_name,
       coalesce(h.vulnerable, false) AS vulnerable, gone AS lighthouses_stopped
ORDER BY grid_id, household_id
