-- Every story with a publication time, oldest first: topic mix and top stories.
select article_id, published_at, title, url, vendors, topics, tone, copies, sources
from articles
where published_at is not null
order by published_at, article_id
