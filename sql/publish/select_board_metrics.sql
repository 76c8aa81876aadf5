-- Crisis board: per vendor, the last 30/90 days of the data window ending $end (a UTC day).
-- Uptime averages only the days a status feed covers (outage_daily rows); MTTR counts an
-- incident at most $max_duration_minutes (MAX_INCIDENT_DURATION), as outage_daily does.
with vendors as (
    select unnest($vendors::varchar[]) as vendor
),
uptime as (
    select vendor,
           avg(uptime_pct) filter (where day > $end::date - 30) as uptime_30d,
           avg(uptime_pct) as uptime_90d
    from outage_daily
    where day > $end::date - 90 and day <= $end::date
    group by vendor
),
incident as (
    select vendor,
           count(*) as incidents_30d,
           avg(least(duration_minutes, $max_duration_minutes))
               filter (where resolved_at is not null) as mttr_30d
    from incidents
    where not is_maintenance
      and (started_at at time zone 'UTC')::date > $end::date - 30
      and (started_at at time zone 'UTC')::date <= $end::date
    group by vendor
),
sentiment as (
    select vendor,
           sum(items * sentiment_mean) filter (where day > $end::date - 7)
               / nullif(sum(items) filter (where day > $end::date - 7), 0) as sentiment_7d,
           sum(items * sentiment_mean) / nullif(sum(items), 0) as sentiment_30d,
           sum(items)::bigint as posts_30d
    from sentiment_daily
    where source_type = 'social' and day > $end::date - 30 and day <= $end::date
    group by vendor
),
migration as (
    select vendor, sum(inflow)::bigint as inflow_30d, sum(outflow)::bigint as outflow_30d,
           sum(net)::bigint as net_30d
    from migration_index_daily
    where day > $end::date - 30 and day <= $end::date
    group by vendor
)
select v.vendor,
       u.uptime_30d, u.uptime_90d,
       coalesce(i.incidents_30d, 0) as incidents_30d, i.mttr_30d,
       s.sentiment_7d, s.sentiment_30d, coalesce(s.posts_30d, 0) as posts_30d,
       coalesce(m.inflow_30d, 0) as inflow_30d, coalesce(m.outflow_30d, 0) as outflow_30d,
       coalesce(m.net_30d, 0) as net_30d,
       u.vendor is not null as has_status
from vendors as v
left join uptime as u using (vendor)
left join incident as i using (vendor)
left join sentiment as s using (vendor)
left join migration as m using (vendor)
order by v.vendor
