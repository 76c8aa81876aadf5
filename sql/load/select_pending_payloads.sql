-- Payloads fetched in this run that differ from what was last parsed for their source.
select r.source, r.sha256, f.archive_path, f.fetched_at, f.url, f.content_type
from source_runs as r
join raw_fetches as f on f.source = r.source and f.sha256 = r.sha256
where r.run_id = $run_id and r.fetch_outcome = 'fetched'
order by r.source
