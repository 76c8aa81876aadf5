select count(*) from outage_daily
where uptime_pct < 0 or uptime_pct > 100 or outage_minutes > 1440 or outage_minutes < 0
   or major_outage_minutes > outage_minutes
