-- Crowd outage reports per vendor and UTC hour, with the anomaly threshold and flag.
select vendor, hour, reports, threshold, is_anomaly
from outage_reports_hourly
order by vendor, hour
