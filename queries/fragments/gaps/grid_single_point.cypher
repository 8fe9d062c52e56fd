// grid_single_point (GAPS.md): the grid has served households, and exactly one
// distinct serving person serves all of them.
// Labels, weight and report column: queries/gap_rules.py.

// name: find
// In: g, people and served_households (context.serving). Out: node, the grid; person_id.
WITH g, people, served_households
WHERE served_households > 0 AND size(people) = 1
RETURN g AS node, people[0] AS person_id

// name: rows
// purpose: Grids whose served households all hang on one serving person (GAPS.md grid_single_point).
// audience: planner, reviewer
// scope: grids
// returns: grid_id, community_id, person_id, served_households
OPTIONAL MATCH (g)-[:IN_AREA]->(c:Area)
RETURN g.id AS grid_id, c.id AS community_id, person_id, served_households
ORDER BY grid_id
