// Export people in the input format of loaders/tables.py.
MATCH (n:Person)
OPTIONAL MATCH (n)-[:LIVES_IN]->(h:Household)
RETURN n {.*} AS props, {household_id: h.id} AS refs
ORDER BY n.id
