// Inputs of `gridnet site` (queries/siting.py): the households of a scope with their
// location, the located platforms offering the category that reach each grid (the rule
// of category_unmet), and the candidate sites (located buildings, and located platforms
// that do not offer the category yet).

// name: households
// Rows: household, grid, lat, lon (null: reach unknown), in id order.
MATCH (g:Grid)<-[:IN_GRID]-(h:Household)
WHERE ($community IS NULL OR EXISTS { (g)-[:IN_AREA]->(:Area {id: $community}) })
OPTIONAL MATCH (h)-[:IN_BUILDING]->(b:Building)
WITH h, g, coalesce(h.location, b.location) AS at
RETURN h.id AS household, g.id AS grid, at.latitude AS lat, at.longitude AS lon
ORDER BY household

// name: existing
// Rows: grid, platform, lat, lon: located platforms offering $category that reach the grid.
MATCH (g:Grid)
WHERE ($community IS NULL OR EXISTS { (g)-[:IN_AREA]->(:Area {id: $community}) })
WITH g, [g] + [(g)-[:IN_AREA]->(a0:Area) | a0]
    + [(g)-[:IN_AREA]->(:Area)-[:PART_OF*1..]->(a1:Area) | a1] AS reach
UNWIND reach AS t
MATCH (t)<-[:SERVES]-(p:Platform)-[:OFFERS]->(:ServiceCategory {id: $category})
WHERE p.location IS NOT NULL
RETURN DISTINCT g.id AS grid, p.id AS platform, p.location.latitude AS lat,
       p.location.longitude AS lon
ORDER BY grid, platform

// name: candidates
// Rows: site, kind (building / platform), name, lat, lon: where a service point could go.
CALL () {
  MATCH (g:Grid)<-[:IN_GRID]-(b:Building)
  WHERE b.location IS NOT NULL
    AND ($community IS NULL OR EXISTS { (g)-[:IN_AREA]->(:Area {id: $community}) })
  RETURN b.id AS site, 'building' AS kind, b.name AS name, b.location AS at
  UNION
  MATCH (p:Platform)-[:SERVES]->(t)
  WHERE p.location IS NOT NULL
    AND NOT EXISTS { (p)-[:OFFERS]->(:ServiceCategory {id: $category}) }
    AND ($community IS NULL OR t.id = $community
         OR EXISTS { (t:Grid)-[:IN_AREA]->(:Area {id: $community}) })
  RETURN p.id AS site, 'platform' AS kind, p.name AS name, p.location AS at
}
RETURN site, kind, name, at.latitude AS lat, at.longitude AS lon
ORDER BY site

// name: platforms
// Rows: platform, name, lat, lon, categories (ids, sorted), offers (whether it offers
// $category): the located platforms that serve the scope or an area above it, for the map.
MATCH (g:Grid)
WHERE ($community IS NULL OR EXISTS { (g)-[:IN_AREA]->(:Area {id: $community}) })
WITH g, [g] + [(g)-[:IN_AREA]->(a0:Area) | a0]
    + [(g)-[:IN_AREA]->(:Area)-[:PART_OF*1..]->(a1:Area) | a1] AS reach
UNWIND reach AS t
MATCH (t)<-[:SERVES]-(p:Platform)
WHERE p.location IS NOT NULL
WITH DISTINCT p
RETURN p.id AS platform, p.name AS name, p.location.latitude AS lat,
       p.location.longitude AS lon,
       COLLECT { MATCH (p)-[:OFFERS]->(c:ServiceCategory) RETURN c.id ORDER BY c.id }
         AS categories,
       EXISTS { (p)-[:OFFERS]->(:ServiceCategory {id: $category}) } AS offers
ORDER BY platform

// name: categories
// Rows: id, name: every service category, for the pickers.
MATCH (c:ServiceCategory)
RETURN c.id AS id, c.name AS name
ORDER BY id
