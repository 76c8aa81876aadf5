-- A post is kept once; a later copy (another source or run) refreshes text and score only.
insert into posts
select post_id, platform, created_at, author, text, url, vendors, sentiment, language, kind,
       thread_id, score, is_outage_report, source, first_seen_at
from staged_posts
on conflict (post_id) do update set
    text = excluded.text,
    score = excluded.score,
    vendors = excluded.vendors,
    sentiment = excluded.sentiment,
    is_outage_report = excluded.is_outage_report
