-- Events of the event study: the vendor's major/critical non-maintenance incidents, clustered.
-- Incidents of one vendor whose UTC start days are at most $gap_days apart (chained) form one
-- event; the event day is the start day of its first incident, so no other major/critical
-- incident of the vendor starts in the $gap_days days before an event. Clustering runs over
-- every incident; only events whose day lies in [$window_start, $window_end] are returned.
with serious as (
    select vendor, incident_id, title, impact, started_at, started_at::date as day
    from incidents
    where impact in ('major', 'critical') and not is_maintenance
),
flagged as (
    select
        *,
        case
            when day - lag(day) over w <= $gap_days then 0
            else 1
        end as starts_event
    from serious
    window w as (partition by vendor order by started_at, incident_id)
),
numbered as (
    select
        *,
        sum(starts_event) over (
            partition by vendor order by started_at, incident_id
            rows between unbounded preceding and current row
        ) as event_no
    from flagged
),
events as (
    select
        vendor,
        min(day) as event_day,
        max(day) as last_incident_day,
        arg_min(incident_id, {'t': started_at, 'id': incident_id}) as incident_id,
        arg_min(title, {'t': started_at, 'id': incident_id}) as title,
        min(started_at) as started_at,
        count(*)::integer as incidents,
        case when bool_or(impact = 'critical') then 'critical' else 'major' end as worst_impact
    from numbered
    group by vendor, event_no
)
select
    vendor || ':' || strftime(event_day, '%Y-%m-%d') as event_id,
    vendor,
    event_day,
    last_incident_day,
    incident_id,
    title,
    started_at,
    incidents,
    worst_impact
from events
where event_day between $window_start::date and $window_end::date
order by vendor, event_day
