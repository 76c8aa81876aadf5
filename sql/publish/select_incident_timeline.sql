-- Incidents overlapping the data window [$window_open, $window_close] (open ones run to its
-- close; a NULL $window_open keeps every incident started by the close), maintenance included.
select vendor, incident_id, title, impact, is_maintenance, started_at, resolved_at,
       duration_minutes
from incidents
where ($window_open::timestamptz is null or coalesce(resolved_at, $window_close) >= $window_open)
  and started_at <= $window_close
order by vendor, started_at, incident_id
