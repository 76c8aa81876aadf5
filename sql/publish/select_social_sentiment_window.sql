-- First and last UTC day of social sentiment (NULLs when empty).
select min(day), max(day) from sentiment_daily where source_type = 'social'
