// name: gap_building_without_group
// purpose: Buildings that no building party group covers (GAPS.md building_without_group).
// audience: planner, reviewer
// scope: grids
// returns: building_id, building_name, grid_id, community_id
UNWIND $grids AS grid_id
MATCH (g:Grid {id: grid_id})
MATCH (g)<-[:IN_GRID]-(b:Building)
WHERE NOT EXISTS {
  (b)<-[:COVERS]-(o:Organization) WHERE o.kind = 'building_party_group'
}
OPTIONAL MATCH (g)-[:IN_AREA]->(c:Area)
RETURN b.id AS building_id, b.name AS building_name, g.id AS grid_id, c.id AS community_id
ORDER BY building_id
