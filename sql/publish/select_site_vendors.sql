-- Vendors with any data: a status feed (outage_daily rows) or incidents, or news stories,
-- social posts, reported switches or crowd outage reports mentioning them; plus the vendors of
-- the latest run's status sources, so a feed that never answered shows as "no feed".
select vendor from outage_daily
union
select vendor from source_runs
where kind = 'status' and vendor is not null
  and run_id = (select arg_max(run_id, started_at) from source_runs where kind = 'status')
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
