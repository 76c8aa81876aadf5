select count(*) from posts where sentiment < -1 or sentiment > 1 or sentiment is null
