// name: grid_neighbourhood
// purpose: A grid's last mile: the areas above it, the party network and organisations covering it, the platforms that serve it and what they offer.
// audience: planner, analyst, reviewer
// param: grid str  -- grid id
// returns: relation, label, id, name, detail
MATCH (g:Grid {id: $grid})
CALL (g) {
  MATCH (g)-[:IN_AREA]->(c:Area)
  OPTIONAL MATCH path = (c)-[:PART_OF*0..]->(a:Area)
  RETURN 'area' AS relation, 'Area' AS label, a.id AS id, a.name AS name,
         a.level AS detail, length(path) AS rank
  UNION ALL
  WITH g, [g] + [(g)-[:IN_AREA]->(c:Area) | c]
       + [(g)-[:IN_AREA]->(:Area)-[:PART_OF*1..]->(a:Area) | a] AS reach
  UNWIND reach AS t
  MATCH (t)<-[:COVERS]-(o:Organization)
  RETURN 'covered_by' AS relation, 'Organization' AS label, o.id AS id, o.name AS name,
         o.kind + ' (' + coalesce(t.level, 'grid') + ')' AS detail, 10 AS rank
  UNION ALL
  MATCH (g)<-[:IN_GRID]-(:Building)<-[:COVERS]-(o:Organization)
  RETURN 'building_group' AS relation, 'Organization' AS label, o.id AS id, o.name AS name,
         o.kind AS detail, 20 AS rank
  UNION ALL
  MATCH (g)<-[:IN_GRID]-(h:Household)
  WHERE h.lighthouse = true
  RETURN 'lighthouse' AS relation, 'Household' AS label, h.id AS id, h.name AS name,
         toString(COUNT { (h)-[:SERVES]->(:Household) }) + ' served' AS detail, 30 AS rank
  UNION ALL
  WITH g, [g] + [(g)-[:IN_AREA]->(c:Area) | c]
       + [(g)-[:IN_AREA]->(:Area)-[:PART_OF*1..]->(a:Area) | a] AS reach
  UNWIND reach AS t
  MATCH (t)<-[:SERVES]-(p:Platform)
  RETURN 'platform' AS relation, 'Platform' AS label, p.id AS id, p.name AS name,
         p.tier + ': ' + reduce(s = '', c IN [(p)-[:OFFERS]->(x:ServiceCategory) | x.id]
                                 | s + CASE WHEN s = '' THEN '' ELSE ', ' END + c) AS detail,
         40 AS rank
}
RETURN relation, label, id, name, detail
ORDER BY rank, relation, id
