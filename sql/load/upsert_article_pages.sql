insert or replace into article_pages
select url, final_url, canonical_url, title, published_at, author, text, language, encoding,
       sha256, fetched_at, status, error
from staged_pages
