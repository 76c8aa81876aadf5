-- First hour of crowd reports and the end of the last one (NULLs when empty).
select min(hour), max(hour) + interval 1 hour from outage_reports_hourly
