// The nodes behind the node-level gaps of some grids (definitions: queries/GAPS.md).
UNWIND $grids AS gid
MATCH (g:Grid {id: gid})
CALL (g) {
    WITH g WHERE NOT EXISTS { (:Organization {kind: 'grid_party_branch'})-[:COVERS]->(g) }
    RETURN 'Grid' AS label, g.id AS id, 'grid_without_branch' AS gap, g.name AS name
  UNION
    WITH g WHERE NOT EXISTS { (:Household {lighthouse: true})-[:IN_GRID]->(g) }
    RETURN 'Grid' AS label, g.id AS id, 'grid_without_lighthouse' AS gap, g.name AS name
  UNION
    MATCH (b:Building)-[:IN_GRID]->(g)
    WHERE NOT EXISTS { (:Organization {kind: 'building_party_group'})-[:COVERS]->(b) }
    RETURN 'Building' AS label, b.id AS id, 'building_without_group' AS gap, b.name AS name
  UNION
    MATCH (h:Household)-[:IN_GRID]->(g)
    WHERE coalesce(h.lighthouse, false) = false
      AND NOT EXISTS { (:Person)-[:SERVES]->(h) }
      AND NOT EXISTS { (:Household {lighthouse: true})-[:SERVES]->(h) }
    RETURN 'Household' AS label, h.id AS id, 'household_unserved' AS gap, h.name AS name
  UNION
    MATCH (l:Household {lighthouse: true})-[:IN_GRID]->(g)
    WITH l, COUNT { (l)-[:SERVES]->(:Household) } AS served
    WHERE served > $max_served
    RETURN 'Household' AS label, l.id AS id, 'lighthouse_overloaded' AS gap, l.name AS name
  UNION
    MATCH (g)<-[:IN_GRID]-(:Household)-[:RAISED]->(q:ServiceRequest)
    WHERE q.status <> 'closed' AND q.deadline IS NOT NULL AND date(q.deadline) < date($as_of)
    RETURN 'ServiceRequest' AS label, q.id AS id, 'request_overdue' AS gap, q.title AS name
}
RETURN g.id AS grid, label, id, gap, name
ORDER BY grid, gap, id
