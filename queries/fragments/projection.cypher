// The service subgraph for networkx (queries/projection.py), written once: each
// `projection_<scope>` block says where its grids come from; `subgraph` is what is
// exported from them. queries/compose.py joins the two into the catalog's
// projection_city, projection_district, projection_community and projection_grid.

// name: projection_city
// purpose: Export the service subgraph of the whole city for networkx: grids, areas above, buildings, households, residents and servers, organisations, platforms, requests, activities, funding, categories, each node with its outgoing relationships.
// audience: analyst
// returns: id, element_id, labels, props, out
MATCH (g:Grid)

// name: projection_district
// purpose: Export the service subgraph of a district (or street) for networkx: grids, areas above, buildings, households, residents and servers, organisations, platforms, requests, activities, funding, categories, each node with its outgoing relationships.
// audience: analyst
// param: district str  -- district or street id
// returns: id, element_id, labels, props, out
MATCH (:Area {id: $district})<-[:PART_OF*0..]-(:Area)<-[:IN_AREA]-(g:Grid)

// name: projection_community
// purpose: Export the service subgraph of a community or village for networkx: grids, areas above, buildings, households, residents and servers, organisations, platforms, requests, activities, funding, categories, each node with its outgoing relationships.
// audience: analyst
// param: community str  -- community or village id
// returns: id, element_id, labels, props, out
MATCH (:Area {id: $community})<-[:IN_AREA]-(g:Grid)

// name: projection_grid
// purpose: Export the service subgraph of a grid for networkx: grids, areas above, buildings, households, residents and servers, organisations, platforms, requests, activities, funding, categories, each node with its outgoing relationships.
// audience: analyst
// param: grid str  -- grid id
// returns: id, element_id, labels, props, out
MATCH (g:Grid {id: $grid})

// name: subgraph
// In: grids, the grids in scope.
CALL (grids) {
  UNWIND grids AS g
  CALL (g) {
    RETURN g AS n
    UNION
    MATCH (g)-[:IN_AREA]->(:Area)-[:PART_OF*0..]->(n:Area) RETURN n
    UNION
    MATCH (g)<-[:IN_GRID]-(n:Building) RETURN n
    UNION
    MATCH (g)<-[:IN_GRID]-(n:Household) RETURN n
    UNION
    MATCH (g)<-[:IN_GRID]-(:Household)<-[:LIVES_IN]-(n:Person) RETURN n
    UNION
    MATCH (g)<-[:IN_GRID]-(:Household)<-[:SERVES]-(n) RETURN n
    UNION
    MATCH (g)<-[:IN_GRID]-(:Household)<-[:SERVES]-(:Household)<-[:LIVES_IN]-(n:Person) RETURN n
    UNION
    MATCH (g)<-[:COVERS]-(n:Organization) RETURN n
    UNION
    MATCH (g)<-[:IN_GRID]-(:Building)<-[:COVERS]-(n:Organization) RETURN n
    UNION
    MATCH (g)-[:IN_AREA]->(:Area)-[:PART_OF*0..]->(:Area)<-[:COVERS]-(n:Organization) RETURN n
    UNION
    MATCH (g)<-[:IN_GRID]-(:Household)-[:IN_GROUP]->(n:Organization) RETURN n
    UNION
    MATCH (g)<-[:SERVES]-(n:Platform) RETURN n
    UNION
    MATCH (g)-[:IN_AREA]->(:Area)-[:PART_OF*0..]->(:Area)<-[:SERVES]-(n:Platform) RETURN n
    UNION
    MATCH (g)<-[:IN_GRID]-(:Household)-[:RAISED]->(n:ServiceRequest) RETURN n
    UNION
    MATCH (g)<-[:IN_GRID]-(n:Activity) RETURN n
    UNION
    MATCH (g)-[:IN_AREA]->(:Area)<-[:ALLOCATED_TO]-(n:Funding) RETURN n
  }
  RETURN DISTINCT n
  UNION
  MATCH (n:ServiceCategory) RETURN n
}
RETURN n.id AS id, elementId(n) AS element_id, labels(n) AS labels, properties(n) AS props,
       [(n)-[r]->(m) | {type: type(r), props: properties(r), target: elementId(m)}] AS out
