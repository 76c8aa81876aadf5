update source_runs
set pages_fetched = $pages_fetched, pages_failed = $pages_failed
where run_id = $run_id and source = $source
