// Which referenced ids already exist in the database (validation, batched).
// One statement per table, named by `// name: <table>`; $ids is a list of ids.

// name: areas
UNWIND $ids AS id MATCH (n:Area {id: id}) RETURN id, n.level AS level;
// name: grids
UNWIND $ids AS id MATCH (n:Grid {id: id}) RETURN id;
// name: buildings
UNWIND $ids AS id MATCH (n:Building {id: id})
OPTIONAL MATCH (n)-[:IN_GRID]->(g:Grid)
RETURN id, g.id AS grid_id;
// name: households
UNWIND $ids AS id MATCH (n:Household {id: id}) RETURN id, n.lighthouse AS lighthouse;
// name: people
UNWIND $ids AS id MATCH (n:Person {id: id}) RETURN id;
// name: organisations
UNWIND $ids AS id MATCH (n:Organization {id: id}) RETURN id;
// name: platforms
UNWIND $ids AS id MATCH (n:Platform {id: id}) RETURN id;
// name: service_categories
UNWIND $ids AS id MATCH (n:ServiceCategory {id: id}) RETURN id;
