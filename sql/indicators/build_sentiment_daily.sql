-- Mean sentiment per vendor, day and source type over the data window (zeros included).
insert into sentiment_daily
with days as (
    select unnest(generate_series($window_start::date, $window_end::date, interval 1 day))::date
        as day
),
vendors as (
    select unnest($vendors::varchar[]) as vendor
    union select distinct unnest(vendors) from posts
    union select distinct unnest(vendors) from articles
),
items as (
    select unnest(vendors) as vendor, created_at::date as day, 'social' as source_type,
           sentiment as score
    from posts
    union all
    select unnest(vendors), published_at::date, 'news', tone
    from articles
    where published_at is not null
),
daily as (
    select vendor, day, source_type, count(*)::integer as items, avg(score) as mean,
           avg(case when score < -0.05 then 1.0 else 0.0 end) as negative_share
    from items
    group by all
)
select v.vendor, d.day, t.source_type, coalesce(s.items, 0), round(s.mean, 6),
       round(s.negative_share, 6)
from vendors as v
cross join days as d
cross join (values ('news'), ('social')) as t(source_type)
left join daily as s
    on s.vendor = v.vendor and s.day = d.day and s.source_type = t.source_type
order by v.vendor, d.day, t.source_type
