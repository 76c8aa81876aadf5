-- The $limit most recently started incidents (maintenance included), newest first.
select vendor, title, url, impact, is_maintenance, started_at, resolved_at, duration_minutes
from incidents
order by started_at desc, vendor, incident_id
limit $limit
