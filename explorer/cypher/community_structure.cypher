// The community-level part of a community's network, as edge rows {source, type, target}
// like lastmile.cypher: the community, its grids, the organisations covering it (and the
// party organisations its grid branches belong to), the platforms serving it and who
// hosts them. Each grid's own last mile is drawn only when the planner opens the grid.
MATCH (c:Area {id: $community})
CALL (c) {
    RETURN c AS s, null AS t, null AS d
  UNION
    MATCH (g:Grid)-[:IN_AREA]->(c) RETURN g AS s, 'IN_AREA' AS t, c AS d
  UNION
    MATCH (o:Organization)-[:COVERS]->(c) RETURN o AS s, 'COVERS' AS t, c AS d
  UNION
    MATCH (p:Platform)-[:SERVES]->(c) RETURN p AS s, 'SERVES' AS t, c AS d
  UNION
    MATCH (o:Organization)-[:HOSTS]->(p:Platform)-[:SERVES]->(c) RETURN o AS s, 'HOSTS' AS t, p AS d
  UNION
    MATCH (o:Organization)-[:COVERS]->(c) MATCH (o)-[:PART_OF]->(p:Organization)
    RETURN o AS s, 'PART_OF' AS t, p AS d
}
WITH DISTINCT s, t, d
RETURN {label: head(labels(s)), props: properties(s)} AS source, t AS type,
       CASE WHEN d IS NULL THEN null ELSE {label: head(labels(d)), props: properties(d)} END
           AS target
