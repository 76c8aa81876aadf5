-- Net migration index per vendor and day: inflow - outflow, and 7-day rolling figures.
insert into migration_index_daily
with days as (
    select unnest(generate_series($window_start::date, $window_end::date, interval 1 day))::date
        as day
),
vendors as (
    select unnest($vendors::varchar[]) as vendor
    union select from_vendor from migrations
    union select to_vendor from migrations
),
flows as (
    select to_vendor as vendor, created_at::date as day, 1 as inflow, 0 as outflow
    from migrations
    union all
    select from_vendor, created_at::date, 0, 1 from migrations
),
daily as (
    select v.vendor, d.day,
           coalesce(sum(f.inflow), 0)::integer as inflow,
           coalesce(sum(f.outflow), 0)::integer as outflow
    from vendors as v
    cross join days as d
    left join flows as f on f.vendor = v.vendor and f.day = d.day
    group by v.vendor, d.day
),
rolling as (
    select *,
        sum(inflow) over w::integer as inflow_7d,
        sum(outflow) over w::integer as outflow_7d
    from daily
    window w as (partition by vendor order by day rows between 6 preceding and current row)
),
totals as (
    select day, sum(inflow_7d) as all_7d from rolling group by day
)
select r.vendor, r.day, r.inflow, r.outflow, r.inflow - r.outflow,
       r.inflow_7d, r.outflow_7d, r.inflow_7d - r.outflow_7d,
       case when t.all_7d > 0 then round(r.inflow_7d / t.all_7d, 6) end
from rolling as r
join totals as t using (day)
order by r.vendor, r.day
