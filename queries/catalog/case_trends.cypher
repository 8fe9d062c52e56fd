// name: case_trends
// purpose: Supervision cases (督办) over time by gap code, one row per area, snapshot date and code, at the level asked for (the whole city, each district, or each community or village): open cases, new, closed (verified 销号), reopened, median days from first seen to verification and the reopen rate (reopened / (reopened + verified)).
// audience: reviewer, planner
// scope: communities
// param: level str = city  -- group by city, district or community (a village counts as a community); another word gives no rows
// param: code str = null  -- gap code; null = every code
// returns: area_id, area_name, period, code, open_cases, new_cases, closed_cases, reopened, median_days_to_verification, reopen_rate
UNWIND $communities AS community_id
MATCH (c:Area {id: community_id})
WHERE $level IN ['city', 'district', 'community']
CALL (c) {
  MATCH (c)-[:PART_OF*0..]->(a:Area)
  WHERE a.level = $level OR ($level = 'community' AND a = c)
  RETURN a
  LIMIT 1
}
MATCH (k:GapCase {community_id: c.id})
WHERE $code IS NULL OR k.code = $code
CALL (k) {
  MATCH (f:GapFinding)-[:OF_CASE]->(k), (f)-[:IN_SNAPSHOT]->(s:GapSnapshot)
  WHERE coalesce(s.complete, true)
  RETURN DISTINCT s.as_of AS period, 'seen' AS kind, null AS days
  UNION ALL
  MATCH (e:CaseEvent)-[:ON_CASE]->(k)
  WHERE e.outcome = 'applied' AND e.action IN ['opened', 'verified', 'reopened']
  RETURN e.on AS period, e.action AS kind,
         CASE e.action WHEN 'verified' THEN duration.inDays(k.first_seen, e.on).days END AS days
}
WITH a, period, k.code AS code, kind, days
WITH a, period, code,
     count(CASE kind WHEN 'seen' THEN 1 END) AS open_cases,
     count(CASE kind WHEN 'opened' THEN 1 END) AS new_cases,
     count(CASE kind WHEN 'verified' THEN 1 END) AS closed_cases,
     count(CASE kind WHEN 'reopened' THEN 1 END) AS reopened,
     percentileDisc(days, 0.5) AS median_days_to_verification
RETURN a.id AS area_id, a.name AS area_name, period, code, open_cases, new_cases,
       closed_cases, reopened, median_days_to_verification,
       CASE WHEN closed_cases + reopened > 0
            THEN round(toFloat(reopened) / (closed_cases + reopened), 3) END AS reopen_rate
ORDER BY area_id, period, code
