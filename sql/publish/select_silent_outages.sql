-- Anomalous crowd runs no official incident explains (silent_outages), by run start.
select vendor, started_at, ended_at, hours, peak_reports, total_reports
from silent_outages
order by started_at, vendor
