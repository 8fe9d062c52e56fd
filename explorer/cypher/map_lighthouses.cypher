// Lighthouse households counted per building (where the building has a location) or
// else per grid (at the grid's centroid): never one household's own point.
MATCH (h:Household)-[:IN_GRID]->(g:Grid)
WHERE h.lighthouse = true
OPTIONAL MATCH (h)-[:IN_BUILDING]->(b:Building)
WITH g, CASE WHEN b.lat IS NOT NULL AND b.lon IS NOT NULL THEN b END AS b, count(h) AS n
WITH g, b, sum(n) AS lighthouses
RETURN g.id AS grid_id, g.name AS grid, b.id AS building_id, b.name AS building,
       lighthouses, coalesce(b.lat, g.centroid_lat) AS lat, coalesce(b.lon, g.centroid_lon) AS lon
ORDER BY grid_id, building_id
