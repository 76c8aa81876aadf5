select count(*) from news_daily
where tone_mean < -1 or tone_mean > 1
   or outage_articles > articles or migration_articles > articles or lead_articles > articles
   or (articles = 0) <> (tone_mean is null)
