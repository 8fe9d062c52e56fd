// The reads of the rectification workflow: the case queue, one case, its history, and
// the change between the last two snapshots. Read transactions only (workflow/review.py).

// name: cases
MATCH (c:GapCase)
WHERE ($id IS NULL OR c.id = $id)
  AND ($community IS NULL OR c.community_id = $community)
  AND ($code IS NULL OR c.code = $code)
  AND ($grid IS NULL OR c.grid_id = $grid)
  AND ($assignee IS NULL OR c.assignee = $assignee)
  AND ($states IS NULL OR c.state IN $states)
OPTIONAL MATCH (a:Area {id: c.community_id})
RETURN c.id AS case_id, c.code AS code, c.unit_id AS unit_id, c.grid_id AS grid_id,
       c.community_id AS community_id, a.name AS community_name, c.state AS state,
       c.assignee AS assignee, c.assignee_name AS assignee_name, c.due AS due,
       c.first_seen AS first_seen, c.last_seen AS last_seen, c.reopens AS reopens,
       c.points AS points, c.verified_on AS verified_on, c.evidence AS evidence
ORDER BY c.community_id, c.code, c.id

// name: history
MATCH (e:CaseEvent {case_id: $id})
RETURN e.at AS at, e.on AS on, e.actor AS actor, e.action AS action, e.outcome AS outcome,
       e.from_state AS from_state, e.to_state AS to_state, e.assignee AS assignee,
       e.due AS due, e.note AS note, e.evidence AS evidence, e.snapshot_id AS snapshot_id
ORDER BY e.at, e.id

// name: snapshots
MATCH (s:GapSnapshot)
WHERE coalesce(s.complete, true)
RETURN s.id AS id, s.as_of AS as_of, s.taken_at AS taken_at, s.findings AS findings,
       s.note AS note, s.actor AS actor
ORDER BY s.as_of DESC, s.taken_at DESC
LIMIT $limit

// name: snapshot_mark
MATCH (s:GapSnapshot)
RETURN count(s) AS snapshots, count(CASE WHEN coalesce(s.complete, true) THEN 1 END) AS complete,
       max(s.taken_at) AS latest

// name: case_events
MATCH (e:CaseEvent)
RETURN count(e) AS events

// name: snapshot_codes
MATCH (f:GapFinding)-[:IN_SNAPSHOT]->(:GapSnapshot {id: $id})
RETURN f.code AS code, count(*) AS findings

// name: imported
MATCH (i:CaseImport {id: 'I-' + $hash})
RETURN i.id AS id
LIMIT 1

// name: area_name
MATCH (a:Area {id: $id})
RETURN a.name AS name
