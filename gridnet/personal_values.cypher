// Which of the given strings are residents' personal values somewhere in the graph.
// Used to mask ad-hoc query results whatever the columns are called; every
// lookup is an index seek (household_name, household_address, person_name).
UNWIND $values AS v
WITH v
WHERE EXISTS { MATCH (h:Household) WHERE h.name = v }
   OR EXISTS { MATCH (h:Household) WHERE h.address = v }
   OR EXISTS { MATCH (p:Person) WHERE p.name = v }
RETURN collect(v) AS personal
