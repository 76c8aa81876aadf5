-- First and last UTC day of outage_daily (NULLs when empty): the outages page's data window.
select min(day), max(day) from outage_daily
