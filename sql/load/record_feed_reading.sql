-- How one run read a source's RSS/Atom payload: lenient (feedparser) or strict, and the encoding.
update source_runs
set is_lenient = $is_lenient,
    encoding = $encoding
where run_id = $run_id and source = $source
