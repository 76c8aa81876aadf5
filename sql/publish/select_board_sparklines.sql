-- Crisis board sparkline points over the last 90 days of the data window ending $end:
-- metric, vendor, i (0 = oldest point), value (DOUBLE). Daily points (i 0..89) for uptime, 7-day social
-- sentiment and 7-day net migration; weekly points (i 0..12, the last week ends on $end) for
-- incidents started and MTTR of resolved incidents (each at most $max_duration_minutes).
with rolling as (
    select vendor, day,
           sum(items * sentiment_mean) over w / nullif(sum(items) over w, 0) as sentiment_7d
    from sentiment_daily
    where source_type = 'social' and day > $end::date - 96 and day <= $end::date
    window w as (partition by vendor order by day range between interval 6 days preceding
                                                   and current row)
)
select 'uptime' as metric, vendor, 89 - ($end::date - day)::integer as i,
       uptime_pct::double as value
from outage_daily
where day > $end::date - 90 and day <= $end::date
union all
select 'incidents', vendor, 12 - (($end::date - day) // 7)::integer, sum(incidents_started)::double
from outage_daily
where day > $end::date - 91 and day <= $end::date
group by all
union all
select 'mttr', vendor,
       12 - (($end::date - (started_at at time zone 'UTC')::date) // 7)::integer,
       avg(least(duration_minutes, $max_duration_minutes))::double
from incidents
where not is_maintenance and resolved_at is not null
  and (started_at at time zone 'UTC')::date > $end::date - 91
  and (started_at at time zone 'UTC')::date <= $end::date
group by all
union all
select 'sentiment', vendor, 89 - ($end::date - day)::integer, sentiment_7d
from rolling
where day > $end::date - 90 and sentiment_7d is not null
union all
select 'migration', vendor, 89 - ($end::date - day)::integer, net_7d::double
from migration_index_daily
where day > $end::date - 90 and day <= $end::date
