-- Freshness of a set of sources: the newest successful fetch (200 or 304, fetch_state) among
-- $sources, and how many of them have none since $now - $max_age_hours.
select
    max(s.fetched_at) as newest,
    count(*) filter (
        where s.fetched_at is null or s.fetched_at < $now - to_hours($max_age_hours::bigint)
    ) as stale
from (select unnest($sources::varchar[]) as source) as c
left join fetch_state as s on s.source = c.source
