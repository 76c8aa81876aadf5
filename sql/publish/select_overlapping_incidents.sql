-- Non-maintenance incidents overlapping [$window_open, $window_close) (open ones run to the
-- close); the figures pick the impacts they show.
select vendor, incident_id, title, impact, is_maintenance, started_at, resolved_at,
       duration_minutes
from incidents
where not is_maintenance
  and coalesce(resolved_at, $window_close) >= $window_open
  and started_at < $window_close
order by vendor, started_at, incident_id
