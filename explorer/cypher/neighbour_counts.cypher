// How many neighbours one node has, per relationship type and direction, for the side
// panel's expand buttons. $label and $id name the node.
CALL () {
    MATCH (n:Grid {id: $id}) WHERE $label = 'Grid' RETURN n
  UNION
    MATCH (n:Area {id: $id}) WHERE $label = 'Area' RETURN n
  UNION
    MATCH (n:Building {id: $id}) WHERE $label = 'Building' RETURN n
  UNION
    MATCH (n:Household {id: $id}) WHERE $label = 'Household' RETURN n
  UNION
    MATCH (n:Person {id: $id}) WHERE $label = 'Person' RETURN n
  UNION
    MATCH (n:Organization {id: $id}) WHERE $label = 'Organization' RETURN n
  UNION
    MATCH (n:Platform {id: $id}) WHERE $label = 'Platform' RETURN n
  UNION
    MATCH (n:ServiceCategory {id: $id}) WHERE $label = 'ServiceCategory' RETURN n
  UNION
    MATCH (n:ServiceRequest {id: $id}) WHERE $label = 'ServiceRequest' RETURN n
}
CALL (n) {
    MATCH (n)-[r]->() RETURN type(r) AS type, 'out' AS direction, count(*) AS count
  UNION ALL
    MATCH (n)<-[r]-() RETURN type(r) AS type, 'in' AS direction, count(*) AS count
}
RETURN type, direction, count
ORDER BY type, direction
