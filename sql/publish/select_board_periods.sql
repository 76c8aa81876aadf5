-- Crisis board periods: per vendor, figures over each period the reader can pick: the last 7,
-- 30 and 90 days of the data window ending $end, and each calendar month from $first's month
-- to $end's. Same definitions as select_board_metrics.sql: uptime averages the days a status
-- feed covers (NULL without coverage, has_status false); incidents and MTTR over
-- non-maintenance incidents started in the period (MTTR over resolved ones, each at most
-- $max_duration_minutes; incidents NULL for a vendor no status feed ever covered);
-- posts-weighted social sentiment; net migration NULL for a vendor without migration rows.
-- kind is 'days' for the last N days, 'month' for a calendar month (the board's month table).
with periods as (
    select * from (values ('last-7', 'Last 7 days', 'days', $end::date - 6, $end::date, 0),
                          ('last-30', 'Last 30 days', 'days', $end::date - 29, $end::date, 1),
                          ('last-90', 'Last 90 days', 'days', $end::date - 89, $end::date, 2))
        as t(period, label, kind, first_day, last_day, ord)
    union all
    select strftime(m, 'month-%Y-%m'), strftime(m, '%B %Y'), 'month', m::date,
           least((m + interval 1 month - interval 1 day)::date, $end::date),
           3 + row_number() over (order by m)
    from range(date_trunc('month', $first::date), $end::date + 1, interval 1 month) as r(m)
),
vendors as (
    select unnest($vendors::varchar[]) as vendor
),
uptime as (
    select p.period, o.vendor, avg(o.uptime_pct) as uptime_pct
    from periods as p
    join outage_daily as o on o.day between p.first_day and p.last_day
    group by all
),
incident as (
    select p.period, i.vendor, count(*) as incidents,
           avg(least(i.duration_minutes, $max_duration_minutes))
               filter (where i.resolved_at is not null) as mttr_minutes
    from periods as p
    join incidents as i
      on (i.started_at at time zone 'UTC')::date between p.first_day and p.last_day
    where not i.is_maintenance
    group by all
),
sentiment as (
    select p.period, s.vendor,
           sum(s.items * s.sentiment_mean) / nullif(sum(s.items), 0) as sentiment
    from periods as p
    join sentiment_daily as s on s.day between p.first_day and p.last_day
    where s.source_type = 'social'
    group by all
),
migration as (
    select p.period, m.vendor, sum(m.net)::bigint as net
    from periods as p
    join migration_index_daily as m on m.day between p.first_day and p.last_day
    group by all
),
has_migration as (
    select distinct vendor from migration_index_daily
),
has_feed as (
    select distinct vendor from outage_daily
    union
    select distinct vendor from incidents
)
select p.period, p.label, p.kind, p.first_day, p.last_day, p.ord, v.vendor,
       u.uptime_pct,
       case when hf.vendor is not null then coalesce(i.incidents, 0) end as incidents, i.mttr_minutes, s.sentiment,
       case when hm.vendor is not null then coalesce(m.net, 0) end as net,
       u.vendor is not null as has_status
from periods as p
cross join vendors as v
left join uptime as u using (period, vendor)
left join incident as i using (period, vendor)
left join sentiment as s using (period, vendor)
left join migration as m using (period, vendor)
left join has_migration as hm on hm.vendor = v.vendor
left join has_feed as hf on hf.vendor = v.vendor
order by p.ord, v.vendor
