-- Hours not on the hour, negative baselines or spreads, a threshold below baseline + 3,
-- is_excess that disagrees with reports > threshold, anomalies without is_excess.
select count(*)
from outage_reports_hourly
where hour <> date_trunc('hour', hour)
   or baseline < 0 or mad < 0
   or threshold < baseline + 3 - 1e-9
   or is_excess <> (reports > threshold)
   or (is_anomaly and not is_excess)
