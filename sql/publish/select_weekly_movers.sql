-- This week (the 7 days ending $end) against the 7 days before, per vendor: social sentiment
-- (posts-weighted mean), crowd outage reports (sum of hourly reporters) and net migration.
select 'sentiment' as metric, vendor,
       sum(items * sentiment_mean) filter (where day <= $end::date - 7)
           / nullif(sum(items) filter (where day <= $end::date - 7), 0) as previous,
       sum(items * sentiment_mean) filter (where day > $end::date - 7)
           / nullif(sum(items) filter (where day > $end::date - 7), 0) as current
from sentiment_daily
where source_type = 'social' and day > $end::date - 14 and day <= $end::date
group by vendor
union all
select 'crowd reports', vendor,
       (sum(reports) filter (where (hour at time zone 'UTC')::date <= $end::date - 7))::double,
       (sum(reports) filter (where (hour at time zone 'UTC')::date > $end::date - 7))::double
from outage_reports_hourly
where (hour at time zone 'UTC')::date > $end::date - 14
  and (hour at time zone 'UTC')::date <= $end::date
group by vendor
union all
select 'net migration', vendor,
       (sum(net) filter (where day <= $end::date - 7))::double,
       (sum(net) filter (where day > $end::date - 7))::double
from migration_index_daily
where day > $end::date - 14 and day <= $end::date
group by vendor
