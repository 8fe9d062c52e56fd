// Headline counts and coverage numerators for the overview page (one row).
RETURN
  COUNT { (:Grid) } AS grids,
  COUNT { (:Organization {kind: 'grid_party_branch'}) } AS grid_party_branches,
  COUNT { (:Organization {kind: 'building_party_group'}) } AS building_party_groups,
  COUNT { (:Household {lighthouse: true}) } AS lighthouse_households,
  COUNT { (:Household) } AS households,
  COUNT { (:Building) } AS buildings,
  COUNT { (:Person {party_member: true}) } AS party_members,
  COUNT { (:Person) } AS people,
  COUNT { (:Platform) } AS platforms,
  COUNT { (r:ServiceRequest) WHERE r.status <> 'closed' } AS open_requests,
  COUNT { (g:Grid) WHERE EXISTS { (g)<-[:COVERS]-(o) WHERE o.kind = 'grid_party_branch' } }
    AS grids_with_branch,
  COUNT { (g:Grid) WHERE EXISTS { (g)<-[:IN_GRID]-(l) WHERE l.lighthouse = true } }
    AS grids_with_lighthouse,
  COUNT { (b:Building)
          WHERE EXISTS { (b)<-[:COVERS]-(o) WHERE o.kind = 'building_party_group' } }
    AS buildings_with_group,
  COUNT { (h:Household)
          WHERE h.lighthouse = true
             OR EXISTS { (:Person)-[:SERVES]->(h) }
             OR EXISTS { (h)<-[:SERVES]-(l) WHERE l.lighthouse = true } }
    AS households_served
