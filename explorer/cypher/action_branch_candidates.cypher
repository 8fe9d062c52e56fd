// Who could form a grid party branch where a grid has none: the party members living in
// the grid, with what they already do (memberships, households they serve).
MATCH (g:Grid {id: $grid})
WHERE NOT EXISTS { (:Organization {kind: 'grid_party_branch'})-[:COVERS]->(g) }
MATCH (p:Person {party_member: true})-[:LIVES_IN]->(h:Household)-[:IN_GRID]->(g)
RETURN p.id AS person_id, p.name AS person_name, h.id AS household_id,
       p.occupation AS occupation,
       COUNT { (p)-[:MEMBER_OF]->(:Organization) } AS memberships,
       COUNT { (p)-[:SERVES]->(:Household) } AS serves,
       coalesce(h.lighthouse, false) AS lives_in_lighthouse
ORDER BY lives_in_lighthouse DESC, serves DESC, memberships DESC, person_id
