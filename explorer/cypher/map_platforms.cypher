// Platforms that have a location, with the areas and grids they serve: the map's
// platform layer.
MATCH (p:Platform)
WHERE p.lat IS NOT NULL AND p.lon IS NOT NULL
RETURN p.id AS platform_id, p.name AS name, p.tier AS tier, p.lat AS lat, p.lon AS lon,
       COLLECT { MATCH (p)-[:SERVES]->(x) RETURN x.name ORDER BY x.name } AS serves
ORDER BY platform_id
