select count(*) - count(distinct (vendor, day)) from outage_daily
