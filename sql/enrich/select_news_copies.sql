-- Every feed item with what its article page added: the input of story deduplication.
select
    i.source || ':' || i.item_id as item_key,
    i.source,
    i.url,
    p.canonical_url,
    coalesce(p.published_at, i.published_at) as published_at,
    coalesce(nullif(i.title, ''), p.title) as title,
    i.summary,
    case when p.status = 'ok' and length(p.text) > 0 then p.text else i.summary end as text,
    case when p.status = 'ok' and length(p.text) > 0 then 'page' else 'feed_summary' end
        as text_source,
    coalesce(p.language, i.language) as language
from news_items as i
left join article_pages as p on p.url = i.url
order by item_key
