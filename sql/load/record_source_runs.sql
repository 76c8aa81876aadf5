-- One row per source for this run: how its fetch went (parse counts are filled in later) and,
-- for a status source, its vendor (status coverage reads it).
-- A payload whose bytes equal the last parsed payload of the source is 'unchanged'.
insert or replace into source_runs
select
    f.run_id,
    f.source,
    f.kind,
    f.started_at,
    case
        when f.error is not null then 'failed'
        when f.not_modified then 'not_modified'
        when f.sha256 is not null and f.sha256 = s.parsed_sha256 then 'unchanged'
        else 'fetched'
    end as fetch_outcome,
    f.http_status,
    f.attempts,
    f.bytes,
    f.sha256,
    null as format,
    null as records_parsed,
    null as quarantined,
    null as rows_written,
    f.error,
    null as pages_fetched,
    null as pages_failed,
    f.vendor,
    null as is_lenient,
    null as encoding
from staged_fetches as f
left join fetch_state as s on s.source = f.source
