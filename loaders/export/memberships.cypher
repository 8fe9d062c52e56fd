// A membership is either a role in an organisation or a role alone.
CALL () {
  MATCH (p:Person)-[r:MEMBER_OF]->(o:Organization)
  RETURN p.id AS person_id, r.role AS role, o.id AS organisation_id, r.since AS since
  UNION ALL
  MATCH (p:Person)-[r:HAS_ROLE]->(ro:Role)
  RETURN p.id AS person_id, ro.id AS role, null AS organisation_id, r.since AS since
}
RETURN {since: since} AS props,
       {person_id: person_id, role: role, organisation_id: organisation_id} AS refs
ORDER BY person_id, role, coalesce(organisation_id, '')
