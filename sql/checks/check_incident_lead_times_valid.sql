-- Duplicate (vendor, incident_id), maintenance or unknown impact, a lead time without its
-- burst (or the reverse), lead_minutes <> first_anomaly_at - started_at or outside the match
-- window [-180, +60], a burst credited to two incidents, a burst id that does not name the
-- vendor and first_anomaly_at, an unknown incident.
select count(*) - count(distinct (vendor, incident_id))
    + count(burst_id) - count(distinct burst_id)
    + count(*) filter (
        where impact not in ('none', 'minor', 'major', 'critical')
           or (first_anomaly_at is null) <> (lead_minutes is null)
           or (first_anomaly_at is null) <> (burst_id is null)
           or burst_id <> vendor || ':'
               || strftime(timezone('UTC', first_anomaly_at), '%Y-%m-%dT%H:00Z')
           or anomaly_hours < 1
           or peak_reports < 0
           or lead_minutes < -180
           or lead_minutes > 60
           or abs(lead_minutes - (epoch(first_anomaly_at) - epoch(started_at)) / 60.0) > 0.1
           or not exists (
               select 1 from incidents as i
               where i.vendor = l.vendor and i.incident_id = l.incident_id
           )
    )
from incident_lead_times as l
