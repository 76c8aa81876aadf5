-- Uptime heatmap cells: every outage_daily row (vendor x UTC day).
select vendor, day, uptime_pct, outage_minutes from outage_daily order by vendor, day
