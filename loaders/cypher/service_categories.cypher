// service_categories -> (:ServiceCategory).

// name: upsert
UNWIND $rows AS row
MERGE (n:ServiceCategory {id: row.id})
SET n.name = row.name, n.name_en = row.name_en;
