-- Fetch outcomes as temp table staged_fetches, read by record_raw_fetches, record_source_runs
-- and record_fetch_state: one list parameter per column, unnested side by side (row i of every
-- list is outcome i), typed as runs.FETCH_SCHEMA. Dropped by drop_staged_fetches.
create or replace temp table staged_fetches as
select
    unnest($run_id::varchar[]) as run_id,
    unnest($source::varchar[]) as source,
    unnest($kind::varchar[]) as kind,
    unnest($url::varchar[]) as url,
    unnest($url_key::varchar[]) as url_key,
    unnest($started_at::timestamptz[]) as started_at,
    unnest($fetched_at::timestamptz[]) as fetched_at,
    unnest($http_status::integer[]) as http_status,
    unnest($not_modified::boolean[]) as not_modified,
    unnest($sha256::varchar[]) as sha256,
    unnest($bytes::bigint[]) as bytes,
    unnest($archive_path::varchar[]) as archive_path,
    unnest($content_type::varchar[]) as content_type,
    unnest($etag::varchar[]) as etag,
    unnest($last_modified::varchar[]) as last_modified,
    unnest($attempts::integer[]) as attempts,
    unnest($error::varchar[]) as error,
    unnest($vendor::varchar[]) as vendor
