-- Earliest incident day in the warehouse (default start of the data window).
select min(started_at)::date from incidents
