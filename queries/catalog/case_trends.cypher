// name: case_trends
// purpose: Supervision cases (督办) over time by gap code, one row per snapshot date: open cases, new, closed (verified 销号), reopened, median days from first seen to verification and the reopen rate (reopened / (reopened + verified)).
// audience: reviewer, planner
// scope: communities
// param: code str = null  -- gap code; null = every code
// returns: period, code, open_cases, new_cases, closed_cases, reopened, median_days_to_verification, reopen_rate
UNWIND $communities AS community_id
MATCH (c:Area {id: community_id})
MATCH (k:GapCase {community_id: c.id})
WHERE $code IS NULL OR k.code = $code
CALL (k) {
  MATCH (f:GapFinding)-[:OF_CASE]->(k), (f)-[:IN_SNAPSHOT]->(s:GapSnapshot)
  RETURN DISTINCT s.as_of AS period, 'seen' AS kind, null AS days
  UNION ALL
  MATCH (e:CaseEvent)-[:ON_CASE]->(k)
  WHERE e.outcome = 'applied' AND e.action IN ['opened', 'verified', 'reopened']
  RETURN e.on AS period, e.action AS kind,
         CASE e.action WHEN 'verified' THEN duration.inDays(k.first_seen, e.on).days END AS days
}
WITH period, k.code AS code, kind, days
WITH period, code,
     count(CASE kind WHEN 'seen' THEN 1 END) AS open_cases,
     count(CASE kind WHEN 'opened' THEN 1 END) AS new_cases,
     count(CASE kind WHEN 'verified' THEN 1 END) AS closed_cases,
     count(CASE kind WHEN 'reopened' THEN 1 END) AS reopened,
     percentileDisc(days, 0.5) AS median_days_to_verification
RETURN period, code, open_cases, new_cases, closed_cases, reopened,
       median_days_to_verification,
       CASE WHEN closed_cases + reopened > 0
            THEN round(toFloat(reopened) / (closed_cases + reopened), 3) END AS reopen_rate
ORDER BY period, code
