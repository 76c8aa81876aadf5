-- Per-source summary of one run, in catalog-independent stable order.
select
    source,
    kind,
    fetch_outcome,
    http_status,
    bytes,
    format,
    records_parsed,
    quarantined,
    rows_written,
    error,
    pages_fetched,
    pages_failed,
    is_lenient
from source_runs
where run_id = $run_id
order by source
