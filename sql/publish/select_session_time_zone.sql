-- The session time zone (exports need UTC).
select current_setting('TimeZone')
