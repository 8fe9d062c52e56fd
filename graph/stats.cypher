// gridnet stats: node counts by label, relationship counts by type, and the
// article's reference figures. Per-label and per-type counts are answered from
// Neo4j's count store (constant time), so stats stays instant on a large graph.
// (WITH count(..) first: a literal grouping key would return no row for 0.)
// A test checks that every label and type of graph/model.py is listed here.

// name: nodes
MATCH (n:Area) WITH count(n) AS count RETURN 'Area' AS label, count
UNION ALL
MATCH (n:Grid) WITH count(n) AS count RETURN 'Grid' AS label, count
UNION ALL
MATCH (n:Building) WITH count(n) AS count RETURN 'Building' AS label, count
UNION ALL
MATCH (n:Household) WITH count(n) AS count RETURN 'Household' AS label, count
UNION ALL
MATCH (n:Person) WITH count(n) AS count RETURN 'Person' AS label, count
UNION ALL
MATCH (n:Role) WITH count(n) AS count RETURN 'Role' AS label, count
UNION ALL
MATCH (n:Organization) WITH count(n) AS count RETURN 'Organization' AS label, count
UNION ALL
MATCH (n:Platform) WITH count(n) AS count RETURN 'Platform' AS label, count
UNION ALL
MATCH (n:ServiceCategory) WITH count(n) AS count RETURN 'ServiceCategory' AS label, count
UNION ALL
MATCH (n:ServiceRequest) WITH count(n) AS count RETURN 'ServiceRequest' AS label, count
UNION ALL
MATCH (n:Funding) WITH count(n) AS count RETURN 'Funding' AS label, count
UNION ALL
MATCH (n:Activity) WITH count(n) AS count RETURN 'Activity' AS label, count
UNION ALL
MATCH (n:Rating) WITH count(n) AS count RETURN 'Rating' AS label, count;

// name: relationships
MATCH ()-[r:PART_OF]->() WITH count(r) AS count RETURN 'PART_OF' AS type, count
UNION ALL
MATCH ()-[r:IN_AREA]->() WITH count(r) AS count RETURN 'IN_AREA' AS type, count
UNION ALL
MATCH ()-[r:IN_GRID]->() WITH count(r) AS count RETURN 'IN_GRID' AS type, count
UNION ALL
MATCH ()-[r:IN_BUILDING]->() WITH count(r) AS count RETURN 'IN_BUILDING' AS type, count
UNION ALL
MATCH ()-[r:LIVES_IN]->() WITH count(r) AS count RETURN 'LIVES_IN' AS type, count
UNION ALL
MATCH ()-[r:IN_GROUP]->() WITH count(r) AS count RETURN 'IN_GROUP' AS type, count
UNION ALL
MATCH ()-[r:MEMBER_OF]->() WITH count(r) AS count RETURN 'MEMBER_OF' AS type, count
UNION ALL
MATCH ()-[r:HAS_ROLE]->() WITH count(r) AS count RETURN 'HAS_ROLE' AS type, count
UNION ALL
MATCH ()-[r:COVERS]->() WITH count(r) AS count RETURN 'COVERS' AS type, count
UNION ALL
MATCH ()-[r:HOSTS]->() WITH count(r) AS count RETURN 'HOSTS' AS type, count
UNION ALL
MATCH ()-[r:SERVES]->() WITH count(r) AS count RETURN 'SERVES' AS type, count
UNION ALL
MATCH ()-[r:OFFERS]->() WITH count(r) AS count RETURN 'OFFERS' AS type, count
UNION ALL
MATCH ()-[r:RAISED]->() WITH count(r) AS count RETURN 'RAISED' AS type, count
UNION ALL
MATCH ()-[r:IN_CATEGORY]->() WITH count(r) AS count RETURN 'IN_CATEGORY' AS type, count
UNION ALL
MATCH ()-[r:VIA]->() WITH count(r) AS count RETURN 'VIA' AS type, count
UNION ALL
MATCH ()-[r:HANDLED_BY]->() WITH count(r) AS count RETURN 'HANDLED_BY' AS type, count
UNION ALL
MATCH ()-[r:ALLOCATED_TO]->() WITH count(r) AS count RETURN 'ALLOCATED_TO' AS type, count
UNION ALL
MATCH ()-[r:HELD]->() WITH count(r) AS count RETURN 'HELD' AS type, count
UNION ALL
MATCH ()-[r:RATES]->() WITH count(r) AS count RETURN 'RATES' AS type, count;

// name: reference
// The three figures the article gives for Xiaogan's urban area.
RETURN COUNT { MATCH (o:Organization {kind: $grid_branch_kind}) } AS grid_party_branches,
       COUNT { MATCH (o:Organization {kind: $building_group_kind}) } AS building_party_groups,
       COUNT { MATCH (h:Household {lighthouse: true}) } AS lighthouse_households;
