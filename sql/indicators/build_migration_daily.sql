insert into migration_daily
select created_at::date as day, from_vendor, to_vendor, count(*)::integer as posts
from migrations
where created_at::date between $window_start::date and $window_end::date
group by all
order by day, from_vendor, to_vendor
