-- Daily panel of the event study: one row per vendor and UTC day of the data window with the
-- six response metrics. Counts are 0 on days without data and means NULL; days before a
-- source family has any data (first social post, first story) are unobserved: NULL for all.
with days as (
    select unnest(generate_series($window_start::date, $window_end::date, interval 1 day))::date
        as day
),
social as (
    select vendor, day, items, sentiment_mean
    from sentiment_daily
    where source_type = 'social'
),
crowd as (
    select vendor, hour::date as day, sum(reports)::double as reports
    from outage_reports_hourly
    group by all
),
inflow as (
    select to_vendor as vendor, day, sum(posts)::double as posts
    from migration_daily
    group by all
),
outflow as (
    select from_vendor as vendor, day, sum(posts)::double as posts
    from migration_daily
    group by all
),
vendors as (
    select vendor from social
    union select vendor from crowd
    union select vendor from news_daily
    union select vendor from inflow
    union select vendor from outflow
    union select vendor from incidents
),
coverage as (
    select
        (select min(day) from social where items > 0) as social_from,
        (select min(day) from news_daily where articles > 0) as news_from
)
select
    v.vendor,
    d.day,
    case when d.day >= c.social_from then s.sentiment_mean end as sentiment,
    case when d.day >= c.social_from then coalesce(r.reports, 0) end as crowd_reports,
    case when d.day >= c.news_from then coalesce(n.articles, 0)::double end as news_articles,
    case when d.day >= c.news_from then n.tone_mean end as news_tone,
    case when d.day >= c.social_from then coalesce(i.posts, 0) end as migration_inflow,
    case when d.day >= c.social_from then coalesce(o.posts, 0) end as migration_outflow
from vendors as v
cross join days as d
cross join coverage as c
left join social as s on s.vendor = v.vendor and s.day = d.day
left join crowd as r on r.vendor = v.vendor and r.day = d.day
left join news_daily as n on n.vendor = v.vendor and n.day = d.day
left join inflow as i on i.vendor = v.vendor and i.day = d.day
left join outflow as o on o.vendor = v.vendor and o.day = d.day
order by v.vendor, d.day
