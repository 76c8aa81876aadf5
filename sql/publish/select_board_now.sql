-- Crisis board "now": per vendor, the last 7 days of the data window ending $end: mean daily
-- uptime, the last day's uptime, non-maintenance incidents still open at the end of $end and
-- has_status (a status feed covers any of those days). Vendors from $vendors.
with vendors as (
    select unnest($vendors::varchar[]) as vendor
),
uptime as (
    select vendor, avg(uptime_pct) as uptime_7d,
           max(uptime_pct) filter (where day = $end::date) as uptime_last_day
    from outage_daily
    where day > $end::date - 7 and day <= $end::date
    group by vendor
),
open_incidents as (
    select vendor, count(*) as open_incidents
    from incidents
    where not is_maintenance
      and (started_at at time zone 'UTC')::date <= $end::date
      and (resolved_at is null or (resolved_at at time zone 'UTC')::date > $end::date)
    group by vendor
)
select v.vendor, u.uptime_7d, u.uptime_last_day,
       coalesce(o.open_incidents, 0) as open_incidents,
       u.vendor is not null as has_status
from vendors as v
left join uptime as u using (vendor)
left join open_incidents as o using (vendor)
order by v.vendor
