-- 1 when stories name vendors but news_daily has no row at all.
select (
    exists (select 1 from articles where len(vendors) > 0)
    and not exists (select 1 from news_daily)
)::integer
