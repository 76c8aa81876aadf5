select count(*) from incidents where resolved_at < started_at
