// The last mile of some grids as edge rows {source, type, target}; nodes carry their label.
// $depth 1: structure (grid, community, party branch and groups, buildings, platforms,
// X organisations); 2: + households, lighthouse households and who serves whom;
// 3: + people (serving members, lighthouse residents, branch members) and open requests.
UNWIND $grids AS gid
MATCH (g:Grid {id: gid})
CALL (g) {
    RETURN g AS s, null AS t, null AS d
  UNION
    MATCH (g)-[:IN_AREA]->(c:Area) RETURN g AS s, 'IN_AREA' AS t, c AS d
  UNION
    MATCH (o:Organization)-[:COVERS]->(g) RETURN o AS s, 'COVERS' AS t, g AS d
  UNION
    MATCH (o:Organization)-[:COVERS]->(g) MATCH (o)-[:PART_OF]->(p:Organization)
    RETURN o AS s, 'PART_OF' AS t, p AS d
  UNION
    MATCH (b:Building)-[:IN_GRID]->(g) RETURN b AS s, 'IN_GRID' AS t, g AS d
  UNION
    MATCH (g)<-[:IN_GRID]-(b:Building)<-[:COVERS]-(o:Organization)
    RETURN o AS s, 'COVERS' AS t, b AS d
  UNION
    MATCH (g)<-[:IN_GRID]-(:Building)<-[:COVERS]-(o:Organization)-[:PART_OF]->(p:Organization)
    RETURN o AS s, 'PART_OF' AS t, p AS d
  UNION
    MATCH (g)<-[:COVERS]-(br:Organization)<-[:PART_OF]-(o:Organization)
    RETURN o AS s, 'PART_OF' AS t, br AS d
  UNION
    MATCH (p:Platform)-[:SERVES]->(g) RETURN p AS s, 'SERVES' AS t, g AS d
  UNION
    MATCH (g)-[:IN_AREA]->(c:Area)<-[:SERVES]-(p:Platform) RETURN p AS s, 'SERVES' AS t, c AS d
  UNION
    MATCH (g)-[:IN_AREA]->(c:Area)<-[:COVERS]-(o:Organization)
    RETURN o AS s, 'COVERS' AS t, c AS d
  UNION
    MATCH (g)-[:IN_AREA]->(c:Area)<-[:SERVES]-(p:Platform)<-[:HOSTS]-(o:Organization)
    RETURN o AS s, 'HOSTS' AS t, p AS d
  UNION
    MATCH (p:Platform)-[:SERVES]->(g) MATCH (o:Organization)-[:HOSTS]->(p)
    RETURN o AS s, 'HOSTS' AS t, p AS d
  UNION
    MATCH (h:Household)-[:IN_GRID]->(g) WHERE $depth >= 2
    OPTIONAL MATCH (h)-[:IN_BUILDING]->(b:Building)
    RETURN h AS s, CASE WHEN b IS NULL THEN 'IN_GRID' ELSE 'IN_BUILDING' END AS t,
           coalesce(b, g) AS d
  UNION
    MATCH (h:Household)-[:IN_GRID]->(g) WHERE $depth >= 2
    MATCH (h)-[:IN_GROUP]->(o:Organization)
    RETURN h AS s, 'IN_GROUP' AS t, o AS d
  UNION
    MATCH (h:Household)-[:IN_GRID]->(g) WHERE $depth >= 2
    MATCH (l:Household)-[:SERVES]->(h)
    RETURN l AS s, 'SERVES' AS t, h AS d
  UNION
    MATCH (h:Household)-[:IN_GRID]->(g) WHERE $depth >= 3
    MATCH (p:Person)-[:SERVES]->(h)
    RETURN p AS s, 'SERVES' AS t, h AS d
  UNION
    MATCH (h:Household {lighthouse: true})-[:IN_GRID]->(g) WHERE $depth >= 3
    MATCH (p:Person)-[:LIVES_IN]->(h)
    RETURN p AS s, 'LIVES_IN' AS t, h AS d
  UNION
    MATCH (o:Organization)-[:COVERS]->(g) WHERE $depth >= 3
    MATCH (p:Person)-[:MEMBER_OF]->(o)
    RETURN p AS s, 'MEMBER_OF' AS t, o AS d
  UNION
    MATCH (h:Household)-[:IN_GRID]->(g) WHERE $depth >= 3
    MATCH (h)-[:RAISED]->(q:ServiceRequest) WHERE q.status <> 'closed'
    RETURN h AS s, 'RAISED' AS t, q AS d
  UNION
    MATCH (h:Household)-[:IN_GRID]->(g) WHERE $depth >= 3
    MATCH (h)-[:RAISED]->(q:ServiceRequest)-[:IN_CATEGORY]->(sc:ServiceCategory)
    WHERE q.status <> 'closed'
    RETURN q AS s, 'IN_CATEGORY' AS t, sc AS d
}
WITH DISTINCT s, t, d
WHERE t IS NULL OR d IS NOT NULL
RETURN {label: head(labels(s)), props: properties(s)} AS source, t AS type,
       CASE WHEN d IS NULL THEN null ELSE {label: head(labels(d)), props: properties(d)} END
           AS target
LIMIT $row_limit
