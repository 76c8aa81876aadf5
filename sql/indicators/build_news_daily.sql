-- News coverage per vendor and UTC day over the data window [$window_start, $window_end];
-- a story counts for every vendor it mentions.
insert into news_daily
with days as (
    select unnest(generate_series($window_start::date, $window_end::date, interval 1 day))::date
        as day
),
vendors as (
    select unnest($vendors::varchar[]) as vendor
    union
    select distinct unnest(vendors) from articles
),
mentions as (
    select
        unnest(vendors) as vendor,
        generate_subscripts(vendors, 1) as position,
        published_at::date as day,
        tone,
        topics,
        sources
    from articles
    where published_at is not null
),
daily as (
    select
        vendor,
        day,
        count(*)::integer as articles,
        avg(tone) as tone_mean,
        count(*) filter (where list_contains(topics, 'outage'))::integer as outage_articles,
        count(*) filter (where list_contains(topics, 'migration'))::integer as migration_articles,
        count(*) filter (where position = 1)::integer as lead_articles,
        len(list_distinct(flatten(list(sources))))::integer as sources
    from mentions
    group by vendor, day
)
select
    v.vendor,
    d.day,
    coalesce(n.articles, 0) as articles,
    round(n.tone_mean, 6) as tone_mean,
    coalesce(n.outage_articles, 0) as outage_articles,
    coalesce(n.migration_articles, 0) as migration_articles,
    coalesce(n.lead_articles, 0) as lead_articles,
    coalesce(n.sources, 0) as sources
from vendors as v
cross join days as d
left join daily as n on n.vendor = v.vendor and n.day = d.day
order by v.vendor, d.day
