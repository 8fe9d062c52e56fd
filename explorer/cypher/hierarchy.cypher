// Every grid with its community (or village) and district, for the pickers.
// The district is the first area of level 'district' above the community.
MATCH (g:Grid)-[:IN_AREA]->(c:Area)
OPTIONAL MATCH (c)-[:PART_OF*1..3]->(d:Area {level: 'district'})
WITH g, c, head(collect(d)) AS d
RETURN coalesce(d.id, '') AS district_id, coalesce(d.name, '(no district)') AS district,
       c.id AS community_id, c.name AS community, c.level AS community_level,
       g.id AS grid_id, g.name AS grid, g.kind AS grid_kind
ORDER BY district, community, grid_id
