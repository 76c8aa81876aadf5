-- The crisis board's window chart: weighted downtime minutes per vendor and UTC day over the
-- whole data window (critical minutes count fully, major 30 %; uptime_pct is 100 minus it per
-- 1440), and the major/critical outage minutes that mark incident bands.
select vendor, day, weighted_down_minutes, major_outage_minutes, uptime_pct, incidents_started
from outage_daily
order by vendor, day
