-- Duplicate (vendor, incident_id), maintenance or unknown impact, a lead time without its
-- anomaly (or the reverse), lead_minutes <> first_anomaly_at - started_at, an unknown incident.
select count(*) - count(distinct (vendor, incident_id))
    + count(*) filter (
        where impact not in ('none', 'minor', 'major', 'critical')
           or (first_anomaly_at is null) <> (lead_minutes is null)
           or anomaly_hours < 1
           or crowd_peak_reports < 0
           or abs(lead_minutes - (epoch(first_anomaly_at) - epoch(started_at)) / 60.0) > 0.1
           or not exists (
               select 1 from incidents as i
               where i.vendor = l.vendor and i.incident_id = l.incident_id
           )
    )
from incident_lead_times as l
