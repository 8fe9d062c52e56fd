// Inputs of the city-wide analytics (queries/city_analytics.py): only the columns the
// care and service networks need, as internal node ids and columns of lists, one row
// per grid (a page: records are few, lists are cheap to decode). collect() drops
// nulls, so every collected value is non-null. The nodes are those
// of projection_city (fragments/projection.cypher) that carry a Person, Household,
// Grid, Area or Platform label; city_analytics.py applies the same membership rule.

// name: grids
// Rows, one per grid: its households (internal id, id, lighthouse), the residents of
// those households (person, id, home), every SERVES into them from a person or a
// household (server, served; server_keys holds a person's id, '' for a household:
// collect() would drop a null) and the platforms that serve the grid.
MATCH (g:Grid)
CALL (g) {
  MATCH (g)<-[:IN_GRID]-(h:Household)
  RETURN collect(id(h)) AS households, collect(coalesce(h.id, elementId(h))) AS household_keys,
         collect(coalesce(h.lighthouse = true, false)) AS lighthouse
}
CALL (g) {
  MATCH (g)<-[:IN_GRID]-(h:Household)<-[:LIVES_IN]-(p:Person)
  RETURN collect(id(p)) AS residents, collect(coalesce(p.id, elementId(p))) AS resident_keys,
         collect(id(h)) AS homes
}
CALL (g) {
  MATCH (g)<-[:IN_GRID]-(h:Household)<-[:SERVES]-(x)
  WHERE x:Person OR x:Household
  RETURN collect(id(x)) AS servers, collect(id(h)) AS served,
         collect(CASE WHEN x:Person THEN coalesce(x.id, elementId(x)) ELSE '' END) AS server_keys
}
RETURN id(g) AS grid, households, household_keys, lighthouse, residents, resident_keys, homes,
       servers, served, server_keys, [(g)<-[:SERVES]-(p:Platform) | id(p)] AS platforms

// name: areas
// Rows, one per area: the areas it is PART_OF, the grids IN_AREA of it, the platforms
// that serve it.
MATCH (a:Area)
RETURN id(a) AS area, [(a)-[:PART_OF]->(b:Area) | id(b)] AS parents,
       [(a)<-[:IN_AREA]-(g:Grid) | id(g)] AS grids,
       [(a)<-[:SERVES]-(p:Platform) | id(p)] AS platforms

// name: outsiders
// Rows, one per household in $ids (households that serve a grid's household but are in
// no grid themselves): its id and flag, its residents and who SERVES it.
MATCH (h:Household)
WHERE id(h) IN $ids
RETURN id(h) AS household, coalesce(h.id, elementId(h)) AS household_key,
       h.lighthouse = true AS lighthouse,
       [(h)<-[:LIVES_IN]-(p:Person) | id(p)] AS residents,
       [(h)<-[:LIVES_IN]-(p:Person) | coalesce(p.id, elementId(p))] AS resident_keys,
       [(h)<-[:SERVES]-(x) WHERE x:Person OR x:Household | id(x)] AS servers
