// The scope of a catalog query, written once: the district, community and grid
// parameters resolved to the ids a query then starts from. Given together they
// intersect; none given means the whole city. A query with `// scope: grids`
// (or `communities`) in its header receives the ids as $grids (or $communities);
// queries/catalog.py runs the block below first (`resolve_scope`).

// name: grids
// returns: the ids of the grids in scope, sorted
CALL () {
  MATCH (g:Grid {id: $grid}) RETURN g
  UNION
  MATCH (:Area {id: $community})<-[:IN_AREA]-(g:Grid) WHERE $grid IS NULL RETURN g
  UNION
  MATCH (:Area {id: $district})<-[:PART_OF*0..]-(:Area)<-[:IN_AREA]-(g:Grid)
  WHERE $grid IS NULL AND $community IS NULL RETURN g
  UNION
  // whole city only when no scope is given; UNWIND keeps the label scan from running
  UNWIND CASE WHEN $grid IS NULL AND $community IS NULL AND $district IS NULL
              THEN [1] ELSE [] END AS whole_city
  MATCH (g:Grid) RETURN g
}
WITH g
WHERE ($community IS NULL OR EXISTS { (g)-[:IN_AREA]->(:Area {id: $community}) })
  AND ($district IS NULL
       OR EXISTS { (g)-[:IN_AREA]->(:Area)-[:PART_OF*0..]->(:Area {id: $district}) })
WITH g.id AS id ORDER BY id
RETURN collect(id) AS ids

// name: communities
// returns: the ids of the communities and villages in scope (a grid's own area), sorted
CALL () {
  MATCH (:Grid {id: $grid})-[:IN_AREA]->(c:Area) RETURN c
  UNION
  MATCH (c:Area {id: $community}) WHERE $grid IS NULL RETURN c
  UNION
  MATCH (:Area {id: $district})<-[:PART_OF*0..]-(c:Area)
  WHERE $grid IS NULL AND $community IS NULL AND c.level IN ['community', 'village'] RETURN c
  UNION
  UNWIND CASE WHEN $grid IS NULL AND $community IS NULL AND $district IS NULL
              THEN [1] ELSE [] END AS whole_city
  MATCH (c:Area) WHERE c.level IN ['community', 'village'] RETURN c
}
WITH c
WHERE ($community IS NULL OR c.id = $community)
  AND ($district IS NULL OR EXISTS { (c)-[:PART_OF*0..]->(:Area {id: $district}) })
WITH c.id AS id ORDER BY id
RETURN collect(id) AS ids
