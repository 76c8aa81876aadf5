select fetch_outcome from source_runs where run_id = $run_id and source = $source
