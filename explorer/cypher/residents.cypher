// Households and people by id, with the grid whose network shows them (for the
// results of a search by a personal value, which is made in the vault, not here).
CALL () {
    MATCH (node:Household) WHERE node.id IN $ids RETURN node
  UNION
    MATCH (node:Person) WHERE node.id IN $ids RETURN node
}
OPTIONAL MATCH (node)-[:IN_GRID]->(g1:Grid)
OPTIONAL MATCH (node)-[:LIVES_IN]->(:Household)-[:IN_GRID]->(g2:Grid)
WITH node, coalesce(g1, g2) AS grid
RETURN head(labels(node)) AS label, node.id AS id, node.name AS name, 100.0 AS score,
       grid.id AS grid_id, grid.name AS grid_name, null AS community_id
ORDER BY id
