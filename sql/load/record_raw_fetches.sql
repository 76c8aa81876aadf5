-- Log each distinct payload once per source (content-addressed); first fetch time is kept.
insert or ignore into raw_fetches
select source, url, fetched_at, http_status, sha256, bytes, content_type, etag, last_modified,
       archive_path
from staged_fetches
where sha256 is not null
