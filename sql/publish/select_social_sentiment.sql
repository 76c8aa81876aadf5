-- Social sentiment per vendor and UTC day (sentiment_daily rows of social posts).
select vendor, day, items, sentiment_mean
from sentiment_daily
where source_type = 'social'
order by vendor, day
