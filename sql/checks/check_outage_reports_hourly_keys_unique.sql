select count(*) - count(distinct (vendor, hour)) + count(*) filter (where reports < 0)
from outage_reports_hourly
