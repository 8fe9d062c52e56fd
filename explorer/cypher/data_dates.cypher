// The latest request dates in the data: the default "as of" day for ageing and overdue.
MATCH (q:ServiceRequest)
RETURN max(date(q.opened_at)) AS last_opened, max(date(q.closed_at)) AS last_closed,
       count(q) AS requests
