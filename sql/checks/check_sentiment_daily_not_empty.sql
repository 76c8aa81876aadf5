-- 1 when posts or stories name vendors but sentiment_daily has no row at all.
select (
    (
        exists (select 1 from posts where len(vendors) > 0)
        or exists (select 1 from articles where len(vendors) > 0)
    )
    and not exists (select 1 from sentiment_daily)
)::integer
