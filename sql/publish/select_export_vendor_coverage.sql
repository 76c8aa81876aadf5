-- vendors.csv of the export bundle: one row per vendor of $vendors (the alias table's slugs),
-- which sources cover it and the first and last UTC day each kind of source covers.
-- Status: the vendor's status sources with a successful fetch (status_coverage) and the days
-- they cover; status sources of the vendor that never fetched successfully (source_runs).
-- News and social: the sources of the stories (articles.sources) and posts (posts.source)
-- mentioning the vendor, how many, and the days of the first and last one.
with vendor_list as (
    select unnest($vendors::varchar[]) as vendor
),
status as (
    select vendor,
           list(distinct source order by source) as status_sources,
           min(first_covered_day) as status_first_day,
           max(last_covered_day) as status_last_day
    from status_coverage
    group by vendor
),
status_failed as (
    select r.vendor, list(distinct r.source order by r.source) as status_sources_failed
    from source_runs as r
    where r.kind = 'status' and r.vendor is not null
      and not exists (
          select 1 from status_coverage as c where c.vendor = r.vendor and c.source = r.source
      )
    group by r.vendor
),
news as (
    select m.vendor,
           list_sort(list_distinct(flatten(list(a.sources)))) as news_sources,
           count(*) as news_articles,
           min(a.published_at)::date as news_first_day,
           max(a.published_at)::date as news_last_day
    from articles as a, unnest(a.vendors) as m(vendor)
    group by m.vendor
),
social as (
    select m.vendor,
           list(distinct p.source order by p.source) as social_sources,
           count(*) as social_posts,
           min(p.created_at)::date as social_first_day,
           max(p.created_at)::date as social_last_day
    from posts as p, unnest(p.vendors) as m(vendor)
    group by m.vendor
)
select v.vendor,
       coalesce(s.status_sources, []::varchar[]) as status_sources,
       s.status_first_day,
       s.status_last_day,
       coalesce(f.status_sources_failed, []::varchar[]) as status_sources_failed,
       coalesce(n.news_sources, []::varchar[]) as news_sources,
       coalesce(n.news_articles, 0) as news_articles,
       n.news_first_day,
       n.news_last_day,
       coalesce(o.social_sources, []::varchar[]) as social_sources,
       coalesce(o.social_posts, 0) as social_posts,
       o.social_first_day,
       o.social_last_day
from vendor_list as v
left join status as s using (vendor)
left join status_failed as f using (vendor)
left join news as n using (vendor)
left join social as o using (vendor)
order by v.vendor
