-- MTTR and outage minutes per vendor and UTC month. MTTR as outage_daily defines it (mean
-- duration of resolved non-maintenance incidents, by start, within the data window), outage
-- minutes summed over the month; months in UTC whatever the session time zone. An incident
-- counts at most $max_duration_minutes (MAX_INCIDENT_DURATION), as in outage_daily.
with outage as (
    select vendor, date_trunc('month', day)::date as month, sum(outage_minutes) as outage_minutes
    from outage_daily
    group by all
),
mttr as (
    select vendor, date_trunc('month', started_at at time zone 'UTC')::date as month,
           avg(least(duration_minutes, $max_duration_minutes)) as mttr_minutes
    from incidents
    where not is_maintenance and resolved_at is not null
      and ($window_open::timestamptz is null or started_at >= $window_open)
      and started_at < $window_close
    group by all
)
select vendor, month, mttr.mttr_minutes, coalesce(outage.outage_minutes, 0) as outage_minutes
from outage full join mttr using (vendor, month)
order by vendor, month
