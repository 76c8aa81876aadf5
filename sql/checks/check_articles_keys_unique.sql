select count(*) - count(distinct article_id) from articles
