// Export service_categories in the input format of loaders/tables.py.
MATCH (n:ServiceCategory)
RETURN n {.*} AS props, {} AS refs
ORDER BY n.id
