insert or replace into update_observations
select vendor, incident_id, source, format, status, posted_at, body
from staged_updates
