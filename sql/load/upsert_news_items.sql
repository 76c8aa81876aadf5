-- Feed items keyed by (source, item_id): the latest text wins, the first sighting is kept.
insert into news_items
select source, item_id, url, title, summary, published_at, author, categories, language,
       first_seen_at
from staged_items
on conflict (source, item_id) do update set
    url = excluded.url,
    title = excluded.title,
    summary = excluded.summary,
    published_at = coalesce(excluded.published_at, news_items.published_at),
    author = excluded.author,
    categories = excluded.categories,
    language = excluded.language
