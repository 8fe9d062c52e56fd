// The serving chain from a household to the nearest platform offering a category, as
// edge rows {source, type, target, reached}: who serves the household up to its grid
// (its lighthouse household, party group and branch; else the grid itself), then the
// platform serving that grid (or its community) and its offer. When no platform
// reaching the grid offers the category, only the chain up to the grid comes back,
// with reached = false (the category_unmet gap).
MATCH (h:Household {id: $household})-[:IN_GRID]->(g:Grid)
MATCH (c:ServiceCategory {id: $category})
CALL (h, g) {
    MATCH p = (h)<-[:SERVES]-(:Household {lighthouse: true})-[:IN_GROUP]->(:Organization)
              -[:PART_OF*0..2]->(:Organization)-[:COVERS]->(g)
    RETURN p AS up, 1 AS rank
  UNION
    MATCH p = (h)-[:IN_GROUP]->(:Organization)-[:PART_OF*0..2]->(:Organization)-[:COVERS]->(g)
    RETURN p AS up, 1 AS rank
  UNION
    MATCH p = (h)<-[:SERVES]-(:Person)-[:MEMBER_OF]->(:Organization)-[:COVERS]->(g)
    RETURN p AS up, 2 AS rank
  UNION
    MATCH p = (h)-[:IN_GRID]->(g)
    RETURN p AS up, 3 AS rank
}
WITH h, g, c, up ORDER BY rank, length(up) LIMIT 1
OPTIONAL CALL (g, c) {
    MATCH p = (g)<-[:SERVES]-(pf:Platform)-[:OFFERS]->(c)
    RETURN p AS out, 1 AS rank, pf.id AS pid
  UNION
    MATCH p = (g)-[:IN_AREA]->(:Area)<-[:SERVES]-(pf:Platform)-[:OFFERS]->(c)
    RETURN p AS out, 2 AS rank, pf.id AS pid
}
WITH up, out ORDER BY rank, pid LIMIT 1
UNWIND relationships(up) + coalesce(relationships(out), []) AS r
WITH DISTINCT r, out IS NOT NULL AS reached
RETURN {label: head(labels(startNode(r))), props: properties(startNode(r))} AS source,
       type(r) AS type,
       {label: head(labels(endNode(r))), props: properties(endNode(r))} AS target, reached
