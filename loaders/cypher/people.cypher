// people -> (:Person)-[:LIVES_IN]->(:Household).

// name: unlink
UNWIND $rows AS row
MATCH (n:Person {id: row.id})-[old:LIVES_IN]->(h:Household)
WHERE row.household_id IS NULL OR h.id <> row.household_id
DELETE old;

// name: upsert
UNWIND $rows AS row
MERGE (n:Person {id: row.id})
SET n.name = row.name, n.name_token = row.name_token, n.gender = row.gender,
    n.birth_year = row.birth_year, n.phone = row.phone, n.phone_token = row.phone_token,
    n.id_number = row.id_number, n.id_number_token = row.id_number_token, n.party_member = row.party_member,
    n.occupation = row.occupation, n.skills = row.skills
WITH n, row
CALL (n, row) {
  MATCH (h:Household {id: row.household_id})
  MERGE (n)-[:LIVES_IN]->(h)
};
