// building_without_group (GAPS.md): no building party group COVERS the building.
// Labels, weight and report column: queries/gap_rules.py.

// name: find
// In: g. Out: node, a building of the grid.
// Only organisations COVER, so `o` needs no label: without one the planner has no
// index to start from and always walks out of the building (a stale estimate once
// made it scan every organisation per household of the grid).
MATCH (g)<-[:IN_GRID]-(node:Building)
WHERE NOT EXISTS {
  (node)<-[:COVERS]-(o) WHERE o.kind = 'building_party_group'
}
RETURN node

// name: rows
// purpose: Buildings that no building party group covers (GAPS.md building_without_group).
// audience: planner, reviewer
// scope: grids
// returns: building_id, building_name, grid_id, community_id
OPTIONAL MATCH (g)-[:IN_AREA]->(c:Area)
RETURN node.id AS building_id, node.name AS building_name, g.id AS grid_id,
       c.id AS community_id
ORDER BY building_id
