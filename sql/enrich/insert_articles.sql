insert into articles
select article_id, source, url, canonical_url, published_at, title, summary, text_source,
       language, vendors, topics, tone, sources, urls, copies
from staged_articles
order by published_at, article_id
