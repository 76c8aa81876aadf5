-- Item links of a source whose article page was never fetched: newest first, capped.
select url
from news_items as i
where i.source = $source
  and not exists (select 1 from article_pages as p where p.url = i.url)
group by url
order by max(published_at) desc nulls last, url
limit $max_pages
