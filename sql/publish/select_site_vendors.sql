-- Vendors with any data: a status feed (outage_daily rows) or incidents, or news stories,
-- social posts, reported switches or crowd outage reports mentioning them.
select vendor from outage_daily
union
select vendor from incidents
union
select vendor from news_daily where articles > 0
union
select vendor from sentiment_daily where items > 0
union
select vendor from migration_index_daily where inflow > 0 or outflow > 0
union
select vendor from outage_reports_hourly where reports > 0
order by vendor
