-- Reported switches per UTC day and vendor pair (migration_daily).
select day, from_vendor, to_vendor, posts from migration_daily order by day, from_vendor, to_vendor
