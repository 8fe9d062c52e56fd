// The writes of the rectification workflow (督办 → 整改 → 销号); run only by
// workflow/cases.py inside its explicit write transactions. A CaseEvent is only ever
// CREATEd here: no block sets, removes or deletes a property of an event.

// name: snapshot_exists
// A snapshot of these findings on this date; `complete` false when an earlier run was
// cut off while writing it (the run that finds it resumes it).
MATCH (s:GapSnapshot {as_of: $as_of, hash: $hash})
RETURN s.id AS id, s.findings AS findings, coalesce(s.complete, true) AS complete
LIMIT 1

// name: latest_as_of
MATCH (s:GapSnapshot)
WHERE coalesce(s.complete, true) AND s.id <> $id
RETURN max(s.as_of) AS as_of

// name: begin_snapshot
// Written first and marked complete last: readers skip it until every batch is in.
MERGE (s:GapSnapshot {id: $id})
  ON CREATE SET s.as_of = $as_of, s.hash = $hash, s.note = $note, s.actor = $actor,
                s.taken_at = datetime(), s.findings = $total, s.complete = false

// name: add_findings
// One batch of the snapshot's findings (MERGE: a resumed run writes none twice).
MATCH (s:GapSnapshot {id: $id})
UNWIND $findings AS f
MERGE (x:GapFinding {id: $id + '|' + f.key})
  ON CREATE SET x.code = f.code, x.unit_id = f.unit_id, x.grid_id = f.grid_id,
                x.community_id = f.community_id, x.points = f.points
MERGE (x)-[:IN_SNAPSHOT]->(s)

// name: finish_snapshot
MATCH (s:GapSnapshot {id: $id})
SET s.complete = true

// name: observe
// Continues `add_findings` (workflow/cases.py joins the two) for a current snapshot:
// each finding's case is opened when new, reopened when it was reported fixed or
// verified; every case seen gets its last_seen and the finding's link.
WITH x, f
MERGE (c:GapCase {id: f.key})
  ON CREATE SET c.code = f.code, c.unit_id = f.unit_id, c.state = 'new',
                c.first_seen = $as_of, c.reopens = 0, c.version = 0
WITH x, c, f, c.state AS before
SET c.grid_id = f.grid_id, c.community_id = f.community_id, c.points = f.points,
    c.last_seen = CASE WHEN c.last_seen IS NULL OR c.last_seen < $as_of
                       THEN $as_of ELSE c.last_seen END
WITH x, c, f, before,
     CASE before WHEN 'new' THEN 'open'
                 WHEN 'reported' THEN 'reopened'
                 WHEN 'verified' THEN 'reopened'
                 ELSE before END AS after
SET c.state = after,
    c.reopens = c.reopens + CASE WHEN after = 'reopened' AND before <> after THEN 1 ELSE 0 END,
    c.version = c.version + CASE WHEN before <> after THEN 1 ELSE 0 END
WITH x, c, before, after
MERGE (x)-[:OF_CASE]->(c)
WITH c, before, after WHERE before <> after
CREATE (e:CaseEvent {id: randomUUID(), case_id: c.id, at: datetime(), on: $as_of,
                     actor: $actor, action: CASE after WHEN 'open' THEN 'opened'
                                                        ELSE 'reopened' END,
                     outcome: 'applied', from_state: CASE before WHEN 'new' THEN null
                                                                 ELSE before END,
                     to_state: after, snapshot_id: $snapshot,
                     note: CASE before WHEN 'new' THEN '首次发现 first seen'
                                       WHEN 'reported' THEN '已报整改但缺口仍在 still there after reported fixed'
                                       ELSE '销号后再次出现 came back after verification' END})
CREATE (e)-[:ON_CASE]->(c)
RETURN count(e) AS events

// name: verify_gone
// Cases a current snapshot no longer shows are verified (销号), $batch at a time: run
// until it returns no event (a verified case no longer matches).
MATCH (c:GapCase)
WHERE c.state IN ['open', 'assigned', 'reported', 'reopened'] AND NOT c.id IN $keys
WITH c LIMIT $batch
WITH c, c.state AS before
SET c.state = 'verified', c.verified_on = $as_of, c.version = c.version + 1
CREATE (e:CaseEvent {id: randomUUID(), case_id: c.id, at: datetime(), on: $as_of,
                     actor: $actor, action: 'verified', outcome: 'applied',
                     from_state: before, to_state: 'verified', snapshot_id: $snapshot,
                     note: CASE before WHEN 'reported' THEN '复查已整改 rectification confirmed'
                                       ELSE '缺口已消失 the gap is gone' END})
CREATE (e)-[:ON_CASE]->(c)
RETURN count(e) AS events

// name: lock_case
// Takes the case's write lock first, so a concurrent change waits and then reads the
// state this transaction leaves.
MATCH (c:GapCase {id: $id})
SET c.lock_seq = coalesce(c.lock_seq, 0) + 1
RETURN c.state AS state, c.assignee AS assignee, c.due AS due, c.code AS code

// name: assignee_kind
OPTIONAL MATCH (o:Organization {id: $assignee})
OPTIONAL MATCH (p:Person {id: $assignee})
RETURN CASE WHEN o IS NOT NULL THEN 'organisation'
            WHEN p IS NOT NULL THEN 'person' END AS kind,
       coalesce(o.name, p.name) AS name

// name: set_assigned
MATCH (c:GapCase {id: $id})
SET c.state = 'assigned', c.assignee = $assignee, c.assignee_kind = $kind,
    c.assignee_name = $name, c.due = $due, c.assigned_on = $on, c.version = c.version + 1

// name: set_reported
MATCH (c:GapCase {id: $id})
SET c.state = 'reported', c.reported_on = $on, c.evidence = $evidence,
    c.version = c.version + 1

// name: event
MATCH (c:GapCase {id: $id})
CREATE (e:CaseEvent {id: randomUUID(), case_id: c.id, at: datetime(), on: $on,
                     actor: $actor, action: $action, outcome: $outcome,
                     from_state: $from_state, to_state: $to_state, note: $note,
                     assignee: $assignee, due: $due, evidence: $evidence})
CREATE (e)-[:ON_CASE]->(c)
RETURN e.id AS id

// name: import_exists
MATCH (i:CaseImport {id: 'I-' + $hash})
RETURN i.id AS id
LIMIT 1

// name: record_import
// One per imported events file; its id holds the content hash, unique (graph/schema.cypher),
// so the same file twice is one import.
CREATE (i:CaseImport {id: 'I-' + $hash, hash: $hash, source: $source,
                      events: $events, actor: $actor, at: datetime()})
RETURN i.id AS id
