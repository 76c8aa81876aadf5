update source_runs
set format = $format,
    records_parsed = $records_parsed,
    quarantined = $quarantined,
    rows_written = $rows_written,
    error = $error,
    fetch_outcome = case when $error is null then fetch_outcome else 'failed' end
where run_id = $run_id and source = $source
