// The neighbours of one node, for an expansion, as edge rows {source, type, target} like
// lastmile.cypher. $label and $id name the node; $types the relationship types to follow;
// at most $limit neighbours per type and direction (the first by id), so that expanding a
// category or a community never floods the picture (neighbour_counts.cypher says how many
// there are).
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
UNWIND $types AS t
CALL (n, t) {
    MATCH (n)-[r]->(m) WHERE type(r) = t
    WITH n AS s, m AS d ORDER BY d.id LIMIT $limit
    RETURN s, d
  UNION
    MATCH (n)<-[r]-(m) WHERE type(r) = t
    WITH m AS s, n AS d ORDER BY s.id LIMIT $limit
    RETURN s, d
}
RETURN {label: head(labels(s)), props: properties(s)} AS source, t AS type,
       {label: head(labels(d)), props: properties(d)} AS target
