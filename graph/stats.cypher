// gridnet stats: node counts by label, relationship counts by type, and the
// article's reference figures. Per-label and per-type counts are answered from
// Neo4j's count store (constant time), so stats stays instant on a large graph.
// A test checks that every label and type of graph/model.py is listed here.

// name: nodes
MATCH (n:Area) RETURN 'Area' AS label, count(n) AS count
UNION ALL
MATCH (n:Grid) RETURN 'Grid' AS label, count(n) AS count
UNION ALL
MATCH (n:Building) RETURN 'Building' AS label, count(n) AS count
UNION ALL
MATCH (n:Household) RETURN 'Household' AS label, count(n) AS count
UNION ALL
MATCH (n:Person) RETURN 'Person' AS label, count(n) AS count
UNION ALL
MATCH (n:Role) RETURN 'Role' AS label, count(n) AS count
UNION ALL
MATCH (n:Organization) RETURN 'Organization' AS label, count(n) AS count
UNION ALL
MATCH (n:Platform) RETURN 'Platform' AS label, count(n) AS count
UNION ALL
MATCH (n:ServiceCategory) RETURN 'ServiceCategory' AS label, count(n) AS count
UNION ALL
MATCH (n:ServiceRequest) RETURN 'ServiceRequest' AS label, count(n) AS count
UNION ALL
MATCH (n:Funding) RETURN 'Funding' AS label, count(n) AS count
UNION ALL
MATCH (n:Activity) RETURN 'Activity' AS label, count(n) AS count
UNION ALL
MATCH (n:Rating) RETURN 'Rating' AS label, count(n) AS count;

// name: relationships
MATCH ()-[r:PART_OF]->() RETURN 'PART_OF' AS type, count(r) AS count
UNION ALL
MATCH ()-[r:IN_AREA]->() RETURN 'IN_AREA' AS type, count(r) AS count
UNION ALL
MATCH ()-[r:IN_GRID]->() RETURN 'IN_GRID' AS type, count(r) AS count
UNION ALL
MATCH ()-[r:IN_BUILDING]->() RETURN 'IN_BUILDING' AS type, count(r) AS count
UNION ALL
MATCH ()-[r:LIVES_IN]->() RETURN 'LIVES_IN' AS type, count(r) AS count
UNION ALL
MATCH ()-[r:IN_GROUP]->() RETURN 'IN_GROUP' AS type, count(r) AS count
UNION ALL
MATCH ()-[r:MEMBER_OF]->() RETURN 'MEMBER_OF' AS type, count(r) AS count
UNION ALL
MATCH ()-[r:HAS_ROLE]->() RETURN 'HAS_ROLE' AS type, count(r) AS count
UNION ALL
MATCH ()-[r:COVERS]->() RETURN 'COVERS' AS type, count(r) AS count
UNION ALL
MATCH ()-[r:HOSTS]->() RETURN 'HOSTS' AS type, count(r) AS count
UNION ALL
MATCH ()-[r:SERVES]->() RETURN 'SERVES' AS type, count(r) AS count
UNION ALL
MATCH ()-[r:OFFERS]->() RETURN 'OFFERS' AS type, count(r) AS count
UNION ALL
MATCH ()-[r:RAISED]->() RETURN 'RAISED' AS type, count(r) AS count
UNION ALL
MATCH ()-[r:IN_CATEGORY]->() RETURN 'IN_CATEGORY' AS type, count(r) AS count
UNION ALL
MATCH ()-[r:VIA]->() RETURN 'VIA' AS type, count(r) AS count
UNION ALL
MATCH ()-[r:HANDLED_BY]->() RETURN 'HANDLED_BY' AS type, count(r) AS count
UNION ALL
MATCH ()-[r:ALLOCATED_TO]->() RETURN 'ALLOCATED_TO' AS type, count(r) AS count
UNION ALL
MATCH ()-[r:HELD]->() RETURN 'HELD' AS type, count(r) AS count
UNION ALL
MATCH ()-[r:RATES]->() RETURN 'RATES' AS type, count(r) AS count;

// name: reference
// The three figures the article gives for Xiaogan's urban area.
RETURN COUNT { MATCH (o:Organization {kind: $grid_branch_kind}) } AS grid_party_branches,
       COUNT { MATCH (o:Organization {kind: $building_group_kind}) } AS building_party_groups,
       COUNT { MATCH (h:Household {lighthouse: true}) } AS lighthouse_households;
