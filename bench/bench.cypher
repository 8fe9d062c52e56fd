// Statements of the benchmark (gridnet bench). Named blocks, values as parameters.

// name: pick_ids
// The busiest grid, community and district: per-grid latency is measured where it
// is worst, and the network view is built for the largest community.
MATCH (g:Grid)<-[:IN_GRID]-(h:Household)
WITH g, count(h) AS households
ORDER BY households DESC, g.id
LIMIT 1
MATCH (g)-[:IN_AREA]->(c:Area)
OPTIONAL MATCH (c)-[:PART_OF*1..3]->(d:Area {level: 'district'})
RETURN g.id AS grid, households AS grid_households, c.id AS grid_community,
       head(collect(d.id)) AS district;

// name: largest_community
MATCH (c:Area)<-[:IN_AREA]-(g:Grid)
WHERE c.level IN ['community', 'village']
CALL (g) {
  MATCH (g)<-[:IN_GRID]-(h:Household)
  RETURN count(h) AS households
}
WITH c, collect(g.id) AS grids, sum(households) AS households
ORDER BY households DESC, c.id
LIMIT 1
RETURN c.id AS community, grids, households;

// name: counts
CALL () { MATCH (n) RETURN count(n) AS nodes }
CALL () { MATCH ()-[r]->() RETURN count(r) AS relationships }
RETURN nodes, relationships;

// name: empty_batch
// Emptying a server gridnet does not manage: delete in batches, never one huge transaction.
MATCH (n)
CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS;

// --- the naive loader: what a tutorial does, one row per transaction --------------------

// name: naive_household
MERGE (h:Household {id: $id})
SET h.name = $name, h.address = $address, h.phone = $phone, h.size = $size,
    h.vulnerable = $vulnerable, h.lighthouse = $lighthouse;

// name: naive_household_grid
MATCH (h:Household {id: $id}), (g:Grid {id: $grid_id})
MERGE (h)-[:IN_GRID]->(g);

// name: naive_household_building
MATCH (h:Household {id: $id}), (b:Building {id: $building_id})
MERGE (h)-[:IN_BUILDING]->(b);

// name: naive_household_group
MATCH (h:Household {id: $id}), (o:Organization {id: $party_group_id})
MERGE (h)-[:IN_GROUP]->(o);

// name: naive_tie_person
MATCH (s:Person {id: $server_id}), (h:Household {id: $household_id})
MERGE (s)-[r:SERVES]->(h)
SET r.since = $since;

// name: naive_tie_household
MATCH (s:Household {id: $server_id}), (h:Household {id: $household_id})
MERGE (s)-[r:SERVES]->(h)
SET r.since = $since;

// name: naive_request
MERGE (n:ServiceRequest {id: $id})
SET n.status = $status, n.opened_at = $opened_at, n.deadline = $deadline,
    n.closed_at = $closed_at, n.title = $title, n.satisfaction = $satisfaction;

// name: naive_request_household
MATCH (h:Household {id: $household_id}), (n:ServiceRequest {id: $id})
MERGE (h)-[:RAISED]->(n);

// name: naive_request_category
MATCH (n:ServiceRequest {id: $id}), (c:ServiceCategory {id: $category_id})
MERGE (n)-[:IN_CATEGORY]->(c);

// name: naive_request_platform
MATCH (n:ServiceRequest {id: $id}), (p:Platform {id: $platform_id})
MERGE (n)-[:VIA]->(p);

// name: naive_request_handler
MATCH (n:ServiceRequest {id: $id}), (p:Person {id: $handler_id})
MERGE (n)-[:HANDLED_BY]->(p);

// name: naive_cleanup_requests
MATCH (n:ServiceRequest) WHERE n.id STARTS WITH $prefix
DETACH DELETE n;

// name: naive_cleanup_households
MATCH (n:Household) WHERE n.id STARTS WITH $prefix
DETACH DELETE n;

// name: largest_grids
// The grids with the most households: the network view is settled in the browser for these.
MATCH (g:Grid)<-[:IN_GRID]-(h:Household)
WITH g, count(h) AS households
ORDER BY households DESC, g.id
LIMIT $limit
RETURN g.id AS grid, households;
