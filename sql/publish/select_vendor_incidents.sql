-- Incidents (maintenance included) still open or resolved since $window_open (NULL: all),
-- per vendor newest first: the vendor pages' incident tables and chart overlays.
select vendor, incident_id, title, url, impact, is_maintenance, started_at, resolved_at,
       duration_minutes
from incidents
where $window_open::timestamptz is null or coalesce(resolved_at, $window_close) >= $window_open
order by vendor, started_at desc, incident_id
