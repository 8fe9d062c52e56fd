// The gap report's rollups (queries/rollup.py): per grid, the row the live report
// (queries/compose.py `gap_report`) returned for it, as one (:GapRollup {grid_id}) node, and one
// (:GapRollupState) node saying for which as_of and max_served they were computed and
// whether a write has happened since (`stale`). Every value is a parameter.

// name: fresh
// Whether the rollups answer the report of ($as_of or today, $max_served) for $grids:
// a finished refresh, no write since, the same day and capacity, a row for every grid.
OPTIONAL MATCH (s:GapRollupState {id: 'gap_report'})
RETURN s IS NOT NULL
       AND s.stale = false
       AND s.as_of = coalesce($as_of, date())
       AND s.max_served = $max_served
       AND COUNT { MATCH (r:GapRollup) WHERE r.grid_id IN $grids } = size($grids) AS fresh

// name: flagged
// Each grid whose rollup has a gap, with its gap codes and community, when the rollups
// answer the whole city's report of $max_served: a finished refresh, no write since,
// that capacity, one rollup per grid (of any day: `generation` gives it). A snapshot
// runs each rule only on these (workflow/snapshot.py).
MATCH (s:GapRollupState {id: 'gap_report'})
WHERE s.stale = false AND s.max_served = $max_served
  AND COUNT { MATCH (:GapRollup) } = COUNT { MATCH (:Grid) }
MATCH (r:GapRollup)
WHERE size(r.gaps) > 0
RETURN r.grid_id AS grid_id, r.community_id AS community_id, r.gaps AS gaps

// name: generation
// The generation and day of rollups that answer the whole city's report of
// $max_served (no row when they do not): a finished refresh, no write since.
MATCH (s:GapRollupState {id: 'gap_report'})
WHERE s.stale = false AND s.max_served = $max_served
  AND COUNT { MATCH (:GapRollup) } = COUNT { MATCH (:Grid) }
RETURN s.generation AS generation, s.as_of AS as_of

// name: rows
// The report's rows of $grids from the rollups, filtered and ordered as the `rows` block
// of fragments/gap_report.cypher filters and orders the live ones.
UNWIND $grids AS grid_id
MATCH (r:GapRollup {grid_id: grid_id})
WHERE NOT $only_gaps OR r.score > 0
RETURN properties(r) AS row
ORDER BY r.score DESC, r.grid_id

// name: stale
// A write to the network is about to happen (or has just happened): no reader may trust
// the rollups until a refresh that began after it has finished.
MATCH (s:GapRollupState {id: 'gap_report'})
SET s.stale = true, s.generation = s.generation + 1

// name: begin
// A refresh begins: the rollups are stale until it finishes; its generation is the one
// `finish` expects (a write in between bumps it, and the refresh then leaves them stale).
MERGE (s:GapRollupState {id: 'gap_report'})
ON CREATE SET s.generation = 0
SET s.stale = true, s.generation = s.generation + 1
RETURN s.generation AS generation

// name: grids
// Every grid's id, in id order: what a refresh computes.
MATCH (g:Grid)
RETURN g.id AS id
ORDER BY id

// name: write
// One batch of report rows as rollups, keyed by their grid_id (a row's null fields are
// left out of the node and read back as null).
UNWIND $rows AS row
MERGE (r:GapRollup {grid_id: row.grid_id})
SET r = row

// name: prune
// Rollups of grids that no longer exist.
MATCH (r:GapRollup)
WHERE NOT EXISTS { MATCH (:Grid {id: r.grid_id}) }
DETACH DELETE r
RETURN count(*) AS pruned

// name: finish
// The refresh is done: fresh, unless a write bumped the generation meanwhile.
MATCH (s:GapRollupState {id: 'gap_report'})
WHERE s.generation = $generation
SET s.stale = false, s.as_of = $as_of, s.max_served = $max_served,
    s.computed_at = datetime()
RETURN s.generation AS generation

// name: state
// The state node as it is (no row: never refreshed).
MATCH (s:GapRollupState {id: 'gap_report'})
RETURN s.stale AS stale, s.as_of AS as_of, s.max_served AS max_served,
       s.computed_at AS computed_at, s.generation AS generation

// name: stored
// Every rollup row as stored, for `gridnet check`.
MATCH (r:GapRollup)
RETURN properties(r) AS row
ORDER BY r.grid_id
