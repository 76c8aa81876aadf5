-- Outage indicators per vendor and UTC day over the data window [$window_start, $window_end],
-- only on the days a status feed of the vendor covers (view status_coverage): a day no feed
-- covers gets no row, as no data is not 100 % uptime.
-- Each vendor's timeline is cut into elementary segments at every incident start/end and at
-- every midnight, so unions of overlapping incidents and midnight crossings are exact. An
-- incident counts at most $max_duration_minutes from its start (MAX_INCIDENT_DURATION).
insert into outage_daily
with bounds as (
    select
        $window_start::date as first_day,
        $window_end::date as last_day,
        $window_start::date::timestamptz as window_open,
        least(($window_end::date + 1)::timestamptz, $as_of::timestamptz) as window_close
),
days as (
    select unnest(generate_series(first_day, last_day, interval 1 day))::date as day
    from bounds
),
covered_days as (
    select distinct c.vendor, d.day
    from status_coverage as c
    join days as d on d.day between c.first_covered_day and c.last_covered_day
),
vendors as (
    select distinct vendor from covered_days
),
clipped as (
    select
        i.*,
        least(
            coalesce(i.resolved_at, b.window_close),
            b.window_close,
            i.started_at + to_minutes($max_duration_minutes::bigint)
        ) as counted_until
    from incidents as i, bounds as b
),
intervals as (
    select
        i.vendor,
        greatest(i.started_at, b.window_open) as s,
        i.counted_until as e,
        case
            when i.is_maintenance then 0.0
            when i.impact = 'critical' then 1.0
            when i.impact = 'major' then 0.3
            else 0.0
        end as weight,
        not i.is_maintenance and i.impact in ('minor', 'major', 'critical') as is_outage,
        not i.is_maintenance and i.impact in ('major', 'critical') as is_major,
        i.is_maintenance as is_maint
    from clipped as i, bounds as b
    where i.started_at < b.window_close
      and i.counted_until > b.window_open
),
points as (
    select vendor, s as t from intervals
    union
    select vendor, e from intervals
    union
    select v.vendor, d.day::timestamptz from vendors as v, days as d
    union
    select v.vendor, b.window_close from vendors as v, bounds as b
),
segments as (
    select vendor, t as s, lead(t) over (partition by vendor order by t) as e
    from points
),
covered as (
    select
        g.vendor,
        g.s,
        epoch(g.e - g.s) / 60.0 as minutes,
        max(i.weight) as weight,
        bool_or(i.is_outage) as is_outage,
        bool_or(i.is_major) as is_major,
        bool_or(i.is_maint) as is_maint
    from segments as g
    join intervals as i on i.vendor = g.vendor and i.s <= g.s and i.e >= g.e
    where g.e is not null and g.e > g.s
    group by g.vendor, g.s, g.e
),
daily_cover as (
    select
        vendor,
        s::date as day,
        sum(minutes) filter (where is_outage) as outage_minutes,
        sum(minutes) filter (where is_major) as major_outage_minutes,
        sum(minutes * weight) as weighted_down_minutes,
        sum(minutes) filter (where is_maint) as maintenance_minutes
    from covered
    group by vendor, s::date
),
daily_started as (
    select
        vendor,
        started_at::date as day,
        count(*)::integer as incidents_started,
        avg(least(duration_minutes, $max_duration_minutes))
            filter (where resolved_at is not null) as mttr_minutes
    from incidents
    where not is_maintenance
    group by vendor, started_at::date
)
select
    d.vendor,
    d.day,
    coalesce(s.incidents_started, 0) as incidents_started,
    round(coalesce(c.outage_minutes, 0), 3) as outage_minutes,
    round(coalesce(c.major_outage_minutes, 0), 3) as major_outage_minutes,
    round(coalesce(c.weighted_down_minutes, 0), 3) as weighted_down_minutes,
    round(greatest(0.0, least(100.0, 100.0 * (1 - coalesce(c.weighted_down_minutes, 0) / 1440.0))), 4)
        as uptime_pct,
    round(s.mttr_minutes, 3) as mttr_minutes,
    round(coalesce(c.maintenance_minutes, 0), 3) as maintenance_minutes
from covered_days as d
left join daily_cover as c on c.vendor = d.vendor and c.day = d.day
left join daily_started as s on s.vendor = d.vendor and s.day = d.day
order by d.vendor, d.day
