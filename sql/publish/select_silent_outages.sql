-- Anomalous crowd runs no official incident explains (silent_outages), by run start.
select vendor, run_start, run_end, hours, peak_reports, total_reports
from silent_outages
order by run_start, vendor
