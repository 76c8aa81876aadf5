-- Fingerprint of what derived tables and pages read from the run log (source_runs), not of the
-- rows every run appends: per source its kind and vendor, the UTC days of its first and last
-- successful fetch (status coverage) and whether the latest run of its kind listed it.
with latest as (
    select kind, arg_max(run_id, started_at) as run_id
    from source_runs
    group by kind
),
per_source as (
    select
        r.source,
        r.kind,
        r.vendor,
        min(r.started_at::date) filter (where r.fetch_outcome <> 'failed' and r.error is null)
            as first_ok_day,
        max(r.started_at::date) filter (where r.fetch_outcome <> 'failed' and r.error is null)
            as last_ok_day,
        bool_or(r.run_id = l.run_id) as in_latest_run
    from source_runs as r
    join latest as l on l.kind = r.kind
    group by r.source, r.kind, r.vendor
)
select count(*)::bigint, coalesce(sum(hash(p)::hugeint), 0)::varchar
from per_source as p
