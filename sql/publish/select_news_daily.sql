-- Stories and mean tone per vendor and UTC day (news_daily).
select vendor, day, articles, tone_mean from news_daily order by vendor, day
