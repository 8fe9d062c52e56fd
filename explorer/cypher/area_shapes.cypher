// Districts, communities and villages with their own boundary (WKT or GeoJSON text, may
// be missing) and centroid: the map's outlines and labels.
MATCH (a:Area)
WHERE a.level IN ['district', 'community', 'village']
OPTIONAL MATCH (a)-[:PART_OF*1..3]->(d:Area {level: 'district'})
WITH a, head(collect(d)) AS d
RETURN a.id AS area_id, a.name AS name, a.level AS level, a.boundary AS boundary,
       a.centroid_lat AS lat, a.centroid_lon AS lon,
       CASE WHEN a.level = 'district' THEN a.name
            ELSE coalesce(d.name, '(no district)') END AS district
ORDER BY area_id
