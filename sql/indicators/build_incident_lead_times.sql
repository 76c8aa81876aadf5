-- How early the crowd noticed each official incident, one crowd burst per incident at most.
-- Reads incidents and crowd_anomaly_runs (sql/core/views.sql, over outage_reports_hourly: build
-- that first); see sql/core/schema.sql.
-- Rules:
--   incidents  every non-maintenance incident (any impact, none..critical, kept in `impact`)
--              whose started_at falls on a UTC day of [$window_start, $window_end], the days
--              outage_reports_hourly covers.
--   burst      a maximal run of consecutive is_anomaly hours of one vendor (crowd_anomaly_runs);
--              it spans [burst_started_at, last hour + 1 h) and is named by burst_id
--              ('<vendor>:<burst_started_at as YYYY-MM-DDTHH:00Z>').
--   match      one-to-one, in two set-based steps:
--              1. a burst's candidate is the FIRST non-maintenance incident of its vendor (by
--                 started_at, then incident_id) starting in [burst_started_at - 1 h, burst_started_at + 3 h):
--                 the crowd may be up to 3 h ahead of the status page, or up to 1 h behind it
--                 (runs are whole hours, so an incident starting in the hour before the first
--                 anomalous hour can be the one the crowd is reporting);
--              2. an incident that is the candidate of several bursts keeps the earliest; the
--                 later bursts stay unmatched (they do not move on to another incident).
--              So a burst is credited to at most one incident and an incident to at most one
--              burst; an incident starting more than 1 h before a burst or 3 h or more after it
--              gets no lead from it. Candidates are taken among all incidents (not only those
--              of the window), so a burst near the window's edge is not re-assigned.
--   first_anomaly_at    burst_started_at of the matched burst.
--   lead_minutes        (first_anomaly_at - started_at) in minutes: negative = users noticed
--                       first (down to -180); NULL = no burst credited to the incident.
--   peak_reports        max reports in an hour of that burst.
insert into incident_lead_times by name
with bursts as (
    select
        vendor, burst_id, started_at as burst_started_at, ended_at as burst_ended_at, hours,
        peak_reports
    from crowd_anomaly_runs  -- sql/core/views.sql
),
eligible as (
    select vendor, incident_id, started_at
    from incidents
    where not is_maintenance
      and impact <> 'maintenance'
),
candidates as (
    -- step 1: each burst's first incident in its window
    select b.*, i.incident_id, i.started_at
    from bursts as b
    join eligible as i
        on i.vendor = b.vendor
        and i.started_at >= b.burst_started_at - interval 1 hour
        and i.started_at < b.burst_started_at + interval 3 hour
    qualify row_number() over (
        partition by b.vendor, b.burst_started_at order by i.started_at, i.incident_id
    ) = 1
),
matched as (
    -- step 2: an incident chosen by several bursts keeps the earliest
    select *
    from candidates
    qualify row_number() over (partition by vendor, incident_id order by burst_started_at) = 1
),
incs as (
    select vendor, incident_id, title, impact, started_at, resolved_at
    from incidents
    where not is_maintenance
      and impact <> 'maintenance'
      and started_at >= to_timestamp(epoch($window_start::date::timestamp))
      and started_at < to_timestamp(epoch(($window_end::date + 1)::timestamp))
)
select
    i.vendor,
    i.incident_id,
    i.title,
    i.impact,
    i.started_at,
    i.resolved_at,
    m.burst_started_at as first_anomaly_at,
    m.burst_ended_at as anomaly_ended_at,
    m.hours as anomaly_hours,
    round((epoch(m.burst_started_at) - epoch(i.started_at)) / 60.0, 1) as lead_minutes,
    m.peak_reports,
    m.burst_id
from incs as i
left join matched as m on m.vendor = i.vendor and m.incident_id = i.incident_id
order by i.vendor, i.started_at, i.incident_id
