-- One row per update, deduplicated across feeds: the same status of the same incident within
-- the same minute is one update (Atom/RSS stamps have minute precision, JSON has milliseconds).
-- The JSON copy wins (precise time, plain body).
insert into incident_updates
select
    vendor,
    incident_id,
    status,
    arg_min(posted_at, preference) as posted_at,
    arg_min(body, preference) as body,
    arg_min(source, preference) as source
from (
    select
        *,
        (case when format like '%json' then '0' else '1' end) || source as preference
    from update_observations
)
group by vendor, incident_id, status, date_trunc('minute', posted_at)
order by vendor, incident_id, posted_at, status
