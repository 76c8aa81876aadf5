-- Statuspage-style uptime bar: per vendor and UTC day of the last 90 days of the data window
-- ending $end, the day's outage_daily figures and the incidents (maintenance included) that
-- started that day: how many and the first three as '[impact] title'.
with started as (
    select vendor, (started_at at time zone 'UTC')::date as day,
           count(*) as started,
           list(
               '[' || case when is_maintenance then 'maintenance' else impact end || '] '
                   || coalesce(title, '(untitled)')
               order by started_at, incident_id
           )[1:3] as titles
    from incidents
    where (started_at at time zone 'UTC')::date > $end::date - 90
      and (started_at at time zone 'UTC')::date <= $end::date
    group by all
)
select o.vendor, o.day, ($end::date - o.day)::integer as back, o.uptime_pct,
       o.outage_minutes, o.major_outage_minutes, o.maintenance_minutes, o.incidents_started,
       coalesce(s.started, 0) as started, coalesce(s.titles, []) as titles
from outage_daily as o
left join started as s using (vendor, day)
where o.day > $end::date - 90 and o.day <= $end::date
order by o.vendor, o.day
