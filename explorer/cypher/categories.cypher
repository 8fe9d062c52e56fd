// Every service category, for the path action's picker.
MATCH (c:ServiceCategory)
RETURN c.id AS id, c.name AS name, c.name_en AS name_en
ORDER BY c.id
