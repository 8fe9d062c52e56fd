// Who or what could be removed in the what-if page: serving people, lighthouse households and
// platforms, busiest first, optionally inside one community ($community null = everywhere).
CALL () {
    MATCH (p:Person)-[:SERVES|LIVES_IN]->(h:Household)-[:IN_GRID]->(g:Grid)-[:IN_AREA]->(c:Area)
    WHERE ($community IS NULL OR c.id = $community)
      AND (EXISTS { (p)-[:SERVES]->(:Household) } OR h.lighthouse = true)
    WITH DISTINCT p
    RETURN 'Person' AS label, p.id AS id, p.name AS name,
           COUNT { (p)-[:SERVES]->(:Household) }
           + COUNT { (p)-[:LIVES_IN]->(:Household {lighthouse: true})-[:SERVES]->(:Household) }
             AS load
  UNION
    MATCH (l:Household {lighthouse: true})-[:IN_GRID]->(:Grid)-[:IN_AREA]->(c:Area)
    WHERE $community IS NULL OR c.id = $community
    RETURN 'Household' AS label, l.id AS id, l.name AS name,
           COUNT { (l)-[:SERVES]->(:Household) } AS load
  UNION
    MATCH (pf:Platform)
    WHERE $community IS NULL
       OR EXISTS { (pf)-[:SERVES]->(:Area {id: $community}) }
       OR EXISTS { (pf)-[:SERVES]->(:Grid)-[:IN_AREA]->(:Area {id: $community}) }
    RETURN 'Platform' AS label, pf.id AS id, pf.name AS name,
           COUNT { (pf)-[:OFFERS]->(:ServiceCategory) } AS load
}
RETURN label, id, name, load
ORDER BY label, load DESC, id
LIMIT $limit
