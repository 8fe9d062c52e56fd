// Where a node is drawn: every node with id $id (ids are unique per label only), with the
// grid (or community) whose network shows it. `rank` orders the labels a bare id most
// likely means (residents' households first).
CALL () {
    MATCH (n:Household {id: $id}) RETURN n, 1 AS rank
  UNION
    MATCH (n:Person {id: $id}) RETURN n, 2 AS rank
  UNION
    MATCH (n:ServiceRequest {id: $id}) RETURN n, 3 AS rank
  UNION
    MATCH (n:Grid {id: $id}) RETURN n, 4 AS rank
  UNION
    MATCH (n:Building {id: $id}) RETURN n, 5 AS rank
  UNION
    MATCH (n:Organization {id: $id}) RETURN n, 6 AS rank
  UNION
    MATCH (n:Platform {id: $id}) RETURN n, 7 AS rank
  UNION
    MATCH (n:Area {id: $id}) RETURN n, 8 AS rank
  UNION
    MATCH (n:ServiceCategory {id: $id}) RETURN n, 9 AS rank
}
OPTIONAL CALL (n) {
    MATCH (n:Grid) RETURN n AS g
  UNION
    MATCH (n)-[:IN_GRID]->(g:Grid) RETURN g
  UNION
    MATCH (n)-[:LIVES_IN]->(:Household)-[:IN_GRID]->(g:Grid) RETURN g
  UNION
    MATCH (n:Person)-[:SERVES]->(:Household)-[:IN_GRID]->(g:Grid) RETURN g
  UNION
    MATCH (n)<-[:RAISED]-(:Household)-[:IN_GRID]->(g:Grid) RETURN g
  UNION
    MATCH (n)-[:COVERS|SERVES]->(g:Grid) RETURN g
  UNION
    MATCH (n)-[:COVERS]->(:Building)-[:IN_GRID]->(g:Grid) RETURN g
  UNION
    MATCH (n:Person)-[:MEMBER_OF]->(:Organization)-[:COVERS]->(g:Grid) RETURN g
}
WITH n, rank, g ORDER BY g.id
WITH n, rank, head(collect(g)) AS grid
OPTIONAL MATCH (n)-[:COVERS|SERVES]->(c:Area) WHERE c.level IN ['community', 'village']
WITH n, rank, grid, head(collect(c)) AS c
RETURN head(labels(n)) AS label, n.id AS id, n.name AS name, grid.id AS grid_id,
       grid.name AS grid_name,
       CASE WHEN n:Area AND n.level IN ['community', 'village'] THEN n.id ELSE c.id END
           AS community_id
ORDER BY rank
