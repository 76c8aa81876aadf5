select count(*) from sentiment_daily
where sentiment_mean < -1 or sentiment_mean > 1 or (items = 0) <> (sentiment_mean is null)
