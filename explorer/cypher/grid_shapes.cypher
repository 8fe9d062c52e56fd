// Grids with their boundary (WKT or GeoJSON text) and figures shown on the map.
MATCH (g:Grid)
OPTIONAL MATCH (g)-[:IN_AREA]->(c:Area)
OPTIONAL MATCH (c)-[:PART_OF*1..3]->(d:Area {level: 'district'})
WITH g, c, head(collect(d)) AS d
RETURN g.id AS grid_id, g.name AS grid, g.kind AS grid_kind, c.id AS community_id,
       c.name AS community, coalesce(d.name, '(no district)') AS district,
       g.boundary AS boundary, g.centroid_lat AS lat, g.centroid_lon AS lon,
       COUNT { (:Household)-[:IN_GRID]->(g) } AS households,
       COUNT { (g)<-[:IN_GRID]-(l) WHERE l.lighthouse = true } AS lighthouse_households,
       COUNT { (h:Household)-[:IN_GRID]->(g)
               WHERE h.lighthouse = true
                  OR EXISTS { (:Person)-[:SERVES]->(h) }
                  OR EXISTS { (h)<-[:SERVES]-(l) WHERE l.lighthouse = true } }
         AS households_served,
       COUNT { (g)<-[:IN_GRID]-(:Household)-[:RAISED]->(q:ServiceRequest)
               WHERE q.status <> 'closed' } AS open_requests
ORDER BY grid_id
