-- First and last UTC day of the data window, from the daily indicator tables (NULLs when empty).
select min(first_day) as first_day, max(last_day) as last_day
from (
    select min(day) as first_day, max(day) as last_day from outage_daily
    union all
    select min(day), max(day) from news_daily
    union all
    select min(day), max(day) from sentiment_daily
    union all
    select min(day), max(day) from migration_index_daily
)
