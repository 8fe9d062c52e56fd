// Name search over the full-text index `place_names` (places and organisations), plus
// exact id lookups (residents too), resolved to
// the grid (or community) whose network shows the hit. $lucene is an escaped Lucene query.
CALL () {
    CALL db.index.fulltext.queryNodes('place_names', $lucene) YIELD node, score
    RETURN node, score
    LIMIT $limit
  UNION
    MATCH (node:Grid {id: $text}) RETURN node, 100.0 AS score
  UNION
    MATCH (node:Area {id: $text}) RETURN node, 100.0 AS score
  UNION
    MATCH (node:Building {id: $text}) RETURN node, 100.0 AS score
  UNION
    MATCH (node:Household {id: $text}) RETURN node, 100.0 AS score
  UNION
    MATCH (node:Person {id: $text}) RETURN node, 100.0 AS score
  UNION
    MATCH (node:Organization {id: $text}) RETURN node, 100.0 AS score
  UNION
    MATCH (node:Platform {id: $text}) RETURN node, 100.0 AS score
}
WITH node, max(score) AS score
OPTIONAL MATCH (node)-[:IN_GRID]->(g1:Grid)
OPTIONAL MATCH (node)-[:LIVES_IN]->(:Household)-[:IN_GRID]->(g2:Grid)
OPTIONAL MATCH (node)-[:COVERS]->(g3:Grid)
OPTIONAL MATCH (node)-[:COVERS]->(:Building)-[:IN_GRID]->(g4:Grid)
OPTIONAL MATCH (node)-[:SERVES]->(g5:Grid)
WITH node, score,
     CASE WHEN node:Grid THEN node ELSE coalesce(g1, g2, g3, g4, g5) END AS grid
RETURN head(labels(node)) AS label, node.id AS id, node.name AS name, score,
       grid.id AS grid_id, grid.name AS grid_name,
       CASE WHEN node:Area AND node.level IN ['community', 'village'] THEN node.id END
           AS community_id
ORDER BY score DESC, id
LIMIT $limit
