-- First and last UTC day of news_daily (NULLs when empty): the news page's data window.
select min(day), max(day) from news_daily
