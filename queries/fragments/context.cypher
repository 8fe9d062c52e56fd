// Values a gap rule starts from besides its grid or community, computed once per grid
// before the rules that import them (`Gap.inputs`); queries/compose.py (`_contexts`)
// says which variable comes from which block.

// name: as_of
// The reference day: the query's $as_of, or today. Out: as_of.
WITH *, coalesce($as_of, date()) AS as_of

// name: serving
// The serving people of grid g (GAPS.md "serving person"): a Person who SERVES a
// household of the grid, or who LIVES_IN a lighthouse household that SERVES one.
// Rows: h, a served household of the grid; p, a person serving it.
MATCH (g)<-[:IN_GRID]-(h:Household)<-[:SERVES]-(p:Person)
RETURN h, p
UNION
MATCH (g)<-[:IN_GRID]-(h:Household)<-[:SERVES]-(s:Household)<-[:LIVES_IN]-(p:Person)
WHERE s.lighthouse = true
RETURN h, p
