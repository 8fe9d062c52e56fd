// name: gap_report
// purpose: One row per grid with every gap code it has, the counts behind them, the score and severity as weighted in GAPS.md.
// audience: planner, reviewer
// scope: grids
// param: as_of date = null  -- reference date for overdue requests; null = today
// param: max_served
// param: only_gaps bool = false  -- true = leave out grids with no gap (severity none)
// returns: grid_id, grid_name, community_id, community_name, gaps, score, severity, households, lighthouses, buildings, unserved_households, buildings_without_group, overdue_requests, unmet_categories, overloaded_lighthouses, serving_people, has_branch, funds_without_roots, single_point_person, missing_org_types
UNWIND $grids AS grid_id
MATCH (g:Grid {id: grid_id})
OPTIONAL MATCH (g)-[:IN_AREA]->(c:Area)
WITH g, c, coalesce($as_of, date()) AS as_of, [g] + [(g)-[:IN_AREA]->(a0:Area) | a0]
    + [(g)-[:IN_AREA]->(:Area)-[:PART_OF*1..]->(a1:Area) | a1] AS reach
CALL (g) {
  OPTIONAL MATCH (g)<-[:IN_GRID]-(h:Household)
  RETURN count(h) AS households,
         count(CASE WHEN h.lighthouse = true THEN 1 END) AS lighthouses,
         count(CASE WHEN h IS NOT NULL AND coalesce(h.lighthouse, false) = false
                     AND NOT EXISTS { (h)<-[:SERVES]-(:Person) }
                     AND NOT EXISTS { (h)<-[:SERVES]-(s:Household) WHERE s.lighthouse = true }
               THEN 1 END) AS unserved_households,
         count(CASE WHEN h.lighthouse = true
                     AND COUNT { MATCH (h)-[:SERVES]->(x:Household) RETURN DISTINCT x }
                         > $max_served
               THEN 1 END) AS overloaded_lighthouses
}
CALL (g) {
  OPTIONAL MATCH (g)<-[:IN_GRID]-(b:Building)
  RETURN count(b) AS buildings,
         count(CASE WHEN b IS NOT NULL AND NOT EXISTS {
                 (b)<-[:COVERS]-(o:Organization) WHERE o.kind = 'building_party_group' }
               THEN 1 END) AS buildings_without_group
}
CALL (g, as_of) {
  OPTIONAL MATCH (g)<-[:IN_GRID]-(:Household)-[:RAISED]->(r:ServiceRequest)
  // coalesce(): not index-sargable on purpose. Bare predicates let the planner scan
  // the status or deadline index once per grid (16 s instead of 50 ms).
  WHERE coalesce(r.status <> 'closed' AND r.deadline < as_of, false)
  RETURN count(r) AS overdue_requests
}
CALL (reach) {
  UNWIND reach AS t
  CALL (t) {
    MATCH (t)<-[:SERVES]-(:Platform)-[:OFFERS]->(cat:ServiceCategory) RETURN cat
    UNION
    MATCH (t)<-[:COVERS]-(:Organization)-[:OFFERS]->(cat:ServiceCategory) RETURN cat
  }
  RETURN collect(DISTINCT cat.id) AS offered
}
CALL (g, offered) {
  OPTIONAL MATCH (g)<-[:IN_GRID]-(:Household)-[:RAISED]->(:ServiceRequest)
                 -[:IN_CATEGORY]->(cat:ServiceCategory)
  WHERE NOT cat.id IN offered
  WITH DISTINCT cat.id AS category ORDER BY category
  RETURN collect(category) AS unmet_categories
}
CALL (g) {
  CALL (g) {
    MATCH (g)<-[:IN_GRID]-(h:Household)<-[:SERVES]-(p:Person)
    RETURN h, p
    UNION
    MATCH (g)<-[:IN_GRID]-(h:Household)<-[:SERVES]-(s:Household)<-[:LIVES_IN]-(p:Person)
    WHERE s.lighthouse = true
    RETURN h, p
  }
  RETURN count(DISTINCT h) AS served_households, collect(DISTINCT p.id) AS people
}
CALL (c) {
  OPTIONAL MATCH (c)<-[:COVERS]-(o:Organization) WHERE o.system = 'x'
  RETURN collect(DISTINCT o.type) AS direct
}
CALL (c) {
  OPTIONAL MATCH (c)<-[:IN_AREA]-(:Grid)<-[:COVERS]-(o:Organization) WHERE o.system = 'x'
  RETURN collect(DISTINCT o.type) AS via_grids
}
WITH g, c, households, lighthouses, unserved_households, overloaded_lighthouses, buildings,
     buildings_without_group, overdue_requests, unmet_categories, served_households, people,
     EXISTS { (g)<-[:COVERS]-(o:Organization) WHERE o.kind = 'grid_party_branch' } AS has_branch,
     [t IN ['autonomous', 'mass', 'social', 'mutual_aid'] WHERE NOT t IN direct + via_grids]
       AS missing_org_types,
     (c IS NOT NULL AND EXISTS { (c)<-[:ALLOCATED_TO]-(:Funding) }
      AND NOT EXISTS { (g)<-[:IN_GRID]-(:Activity) }
      AND lighthouses = 0 AND size(people) = 0
      AND NOT EXISTS { (g)<-[:SERVES]-(:Platform) }) AS funds_without_roots
WITH *, served_households > 0 AND size(people) = 1 AS single_point
WITH *,
     CASE WHEN has_branch THEN 0 ELSE 5 END
     + CASE WHEN lighthouses = 0 THEN 4 ELSE 0 END
     + CASE WHEN funds_without_roots THEN 4 ELSE 0 END
     + CASE WHEN single_point THEN 3 ELSE 0 END
     + 2 * size(unmet_categories)
     + buildings_without_group
     + overloaded_lighthouses
     + (overdue_requests + 4) / 5
     + (unserved_households + 9) / 10
     + size(missing_org_types) AS score,
     [code IN [
        CASE WHEN NOT has_branch THEN 'grid_without_branch' END,
        CASE WHEN buildings_without_group > 0 THEN 'building_without_group' END,
        CASE WHEN lighthouses = 0 THEN 'grid_without_lighthouse' END,
        CASE WHEN unserved_households > 0 THEN 'household_unserved' END,
        CASE WHEN overloaded_lighthouses > 0 THEN 'lighthouse_overloaded' END,
        CASE WHEN overdue_requests > 0 THEN 'request_overdue' END,
        CASE WHEN size(unmet_categories) > 0 THEN 'category_unmet' END,
        CASE WHEN funds_without_roots THEN 'funds_without_roots' END,
        CASE WHEN single_point THEN 'grid_single_point' END,
        CASE WHEN size(missing_org_types) > 0 THEN 'community_missing_org_types' END
      ] WHERE code IS NOT NULL] AS gaps
WHERE NOT $only_gaps OR score > 0
RETURN g.id AS grid_id, g.name AS grid_name, c.id AS community_id, c.name AS community_name,
       gaps, score,
       CASE WHEN score = 0 THEN 'none' WHEN score <= 3 THEN 'low'
            WHEN score <= 7 THEN 'medium' ELSE 'high' END AS severity,
       households, lighthouses, buildings, unserved_households, buildings_without_group,
       overdue_requests, unmet_categories, overloaded_lighthouses, size(people) AS serving_people,
       has_branch, funds_without_roots,
       CASE WHEN single_point THEN people[0] END AS single_point_person, missing_org_types
ORDER BY score DESC, grid_id
