// The data's reference day (queries/reference_day.py): its latest request dates.
MATCH (q:ServiceRequest)
RETURN max(date(q.opened_at)) AS last_opened, max(date(q.closed_at)) AS last_closed
