// Export areas with their parent.
MATCH (n:Area)
OPTIONAL MATCH (n)-[:PART_OF]->(p:Area)
RETURN n {.*} AS props, {parent_id: p.id} AS refs
ORDER BY n.id
