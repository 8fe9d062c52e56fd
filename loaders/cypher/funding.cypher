// funding -> (:Funding)-[:ALLOCATED_TO]->(:Area).

// name: unlink
UNWIND $rows AS row
MATCH (n:Funding {id: row.id})-[old:ALLOCATED_TO]->(a:Area)
WHERE a.id <> row.area_id
DELETE old;

// name: upsert
UNWIND $rows AS row
MERGE (n:Funding {id: row.id})
SET n.kind = row.kind, n.amount_yuan = row.amount_yuan, n.year = row.year,
    n.source = row.source, n.purpose = row.purpose
WITH n, row
MATCH (a:Area {id: row.area_id})
MERGE (n)-[:ALLOCATED_TO]->(a);
