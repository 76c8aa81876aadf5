-- The latest word of each source on each incident replaces its previous one (the parsers'
-- impact_inferred is stored as is_impact_inferred).
insert or replace into incident_observations
select vendor, incident_id, source, format, title, impact, impact_inferred as is_impact_inferred,
       is_maintenance, started_at, resolved_at, status, components, url, observed_at, has_history
from staged_incidents
