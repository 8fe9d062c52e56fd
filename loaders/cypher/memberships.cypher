// memberships -> (:Person)-[:MEMBER_OF {role, since}]->(:Organization) when an
// organisation is given, else (:Person)-[:HAS_ROLE {since}]->(:Role).
// Role nodes are the fixed vocabulary merged by graph.schema.apply_schema().
// Two statements (same transaction): one MERGE per relationship type avoids an Eager.

// name: upsert
UNWIND $rows AS row
MATCH (p:Person {id: row.person_id})
MATCH (o:Organization {id: row.organisation_id})
MERGE (p)-[r:MEMBER_OF {role: row.role}]->(o)
SET r.since = date(row.since);

// name: upsert_roles
UNWIND $rows AS row
MATCH (p:Person {id: row.person_id})
MATCH (role:Role {id: row.role})
WHERE row.organisation_id IS NULL
MERGE (p)-[r:HAS_ROLE]->(role)
SET r.since = date(row.since);
