-- Crowd lead time per official incident (incident_lead_times), by incident start.
select vendor, incident_id, title, impact, started_at, first_anomaly_at, anomaly_hours,
       lead_minutes, peak_reports
from incident_lead_times
order by started_at, vendor, incident_id
