-- Crisis board headlines: the window's biggest vendor-months, computed from the data. The
-- $outage_events vendor-months with the most weighted downtime (outage_daily) and the
-- $migration_events with the largest absolute net migration (migration_index_daily), one row
-- per vendor-month (outage first); day = the month's worst day for that kind of event (the
-- earliest on a tie).
-- Migration figures are NULL for a vendor-month without migration rows (absence, not zero).
with outage as (
    select vendor, date_trunc('month', day)::date as month,
           sum(incidents_started)::bigint as incidents,
           avg(uptime_pct) as uptime_pct,
           sum(weighted_down_minutes) as down_minutes,
           first(day order by weighted_down_minutes desc, day) as peak_day,
           min(uptime_pct) as worst_uptime_pct
    from outage_daily
    group by all
),
migration as (
    select vendor, date_trunc('month', day)::date as month,
           sum(inflow)::bigint as inflow, sum(outflow)::bigint as outflow,
           sum(net)::bigint as net,
           first(day order by abs(net) desc, day) as peak_day
    from migration_index_daily
    group by all
),
events as (
    select vendor, month, 'outage' as kind, peak_day as day,
           row_number() over (order by down_minutes desc, vendor, month) as rank
    from outage
    where down_minutes > 0
    union all
    select vendor, month, 'migration', peak_day,
           row_number() over (order by abs(net) desc, vendor, month)
    from migration
    where net <> 0
),
picked as (
    select *
    from events
    where (kind = 'outage' and rank <= $outage_events)
       or (kind = 'migration' and rank <= $migration_events)
    qualify row_number() over (partition by vendor, month order by kind = 'outage' desc) = 1
)
select p.kind, p.rank, p.day, p.vendor, p.month,
       o.incidents, o.uptime_pct, o.down_minutes, o.worst_uptime_pct,
       m.inflow, m.outflow, m.net
from picked as p
left join outage as o using (vendor, month)
left join migration as m using (vendor, month)
order by p.rank, p.kind desc, p.day, p.vendor
