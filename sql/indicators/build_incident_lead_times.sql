-- How early the crowd noticed each official incident. Reads incidents and outage_reports_hourly
-- (build that first); see sql/core/schema.sql.
-- Rules:
--   incidents  every non-maintenance incident (any impact, none..critical, kept in `impact`)
--              whose started_at falls on a UTC day of [$window_start, $window_end], the days
--              outage_reports_hourly covers.
--   run        a maximal run of consecutive is_anomaly hours of one vendor; it spans
--              [run start, last hour + 1 h).
--   match      runs of the incident's vendor overlapping [started_at - 6 h, started_at + 2 h]
--              (run start <= started_at + 2 h and run end > started_at - 6 h); the earliest
--              such run is the incident's crowd signal.
--   first_anomaly_at    start of that run (it may begin before started_at - 6 h if it is long).
--   lead_minutes        (first_anomaly_at - started_at) in minutes: negative = users noticed
--                       first; NULL = no crowd anomaly near the incident.
--   crowd_peak_reports  max reports in an hour of that run.
insert into incident_lead_times
with runs as (
    select vendor, run_start, run_end, hours, peak_reports
    from crowd_anomaly_runs  -- sql/core/views.sql
),
incs as (
    select vendor, incident_id, title, impact, started_at, resolved_at
    from incidents
    where not is_maintenance
      and impact <> 'maintenance'
      and started_at >= to_timestamp(epoch($window_start::date::timestamp))
      and started_at < to_timestamp(epoch(($window_end::date + 1)::timestamp))
),
matched as (
    select
        i.vendor,
        i.incident_id,
        r.run_start,
        r.run_end,
        r.hours,
        r.peak_reports
    from incs as i
    join runs as r
        on r.vendor = i.vendor
        and r.run_start <= i.started_at + interval 2 hour
        and r.run_end > i.started_at - interval 6 hour
    qualify row_number() over (partition by i.vendor, i.incident_id order by r.run_start) = 1
)
select
    i.vendor,
    i.incident_id,
    i.title,
    i.impact,
    i.started_at,
    i.resolved_at,
    m.run_start as first_anomaly_at,
    m.run_end as anomaly_run_end,
    m.hours as anomaly_hours,
    round((epoch(m.run_start) - epoch(i.started_at)) / 60.0, 1) as lead_minutes,
    m.peak_reports as crowd_peak_reports
from incs as i
left join matched as m on m.vendor = i.vendor and m.incident_id = i.incident_id
order by i.vendor, i.started_at, i.incident_id
