// What if a platform closed: the (grid, category) pairs whose requests no other platform or
// organisation reaching the grid offers (GAPS.md category_unmet, recomputed without it).
MATCH (pf:Platform {id: $platform})
CALL (pf) {
    MATCH (pf)-[:SERVES]->(g:Grid) RETURN g
  UNION
    MATCH (pf)-[:SERVES]->(:Area)<-[:PART_OF*0..]-(:Area)<-[:IN_AREA]-(g:Grid) RETURN g
}
WITH pf, g, [g] + [(g)-[:IN_AREA]->(c:Area) | c]
       + [(g)-[:IN_AREA]->(:Area)-[:PART_OF*1..]->(a:Area) | a] AS reach
MATCH (g)<-[:IN_GRID]-(:Household)-[:RAISED]->(q:ServiceRequest)-[:IN_CATEGORY]->(sc:ServiceCategory)
WHERE (pf)-[:OFFERS]->(sc)
WITH pf, g, reach, sc, count(q) AS requests
WHERE NOT EXISTS {
        MATCH (o:Platform)-[:OFFERS]->(sc) WHERE o <> pf AND EXISTS { (o)-[:SERVES]->(t) WHERE t IN reach } }
  AND NOT EXISTS {
        MATCH (o:Organization)-[:OFFERS]->(sc) WHERE EXISTS { (o)-[:COVERS]->(t) WHERE t IN reach } }
RETURN g.id AS grid_id, g.name AS grid_name, sc.id AS category_id,
       coalesce(sc.name, sc.id) AS category, requests
ORDER BY grid_id, category_id
