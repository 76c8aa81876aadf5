-- Reported switches per UTC day and vendor pair over the 90 days ending $end.
select day, from_vendor, to_vendor, posts
from migration_daily
where day > $end::date - 90 and day <= $end::date
order by day, from_vendor, to_vendor
