-- Remember conditional-GET validators per source after a successful fetch (200 or 304).
-- A changed URL starts afresh; the parsed payload marker is kept for the same URL.
insert or replace into fetch_state
select
    f.source,
    f.url_key,
    case when f.not_modified then coalesce(f.etag, s.etag) else f.etag end,
    case when f.not_modified then coalesce(f.last_modified, s.last_modified) else f.last_modified end,
    coalesce(f.sha256, s.sha256),
    f.fetched_at,
    case when s.url = f.url_key then s.parsed_sha256 end,
    case when s.url = f.url_key then s.parsed_at end
from staged_fetches as f
left join fetch_state as s on s.source = f.source
where f.error is null
