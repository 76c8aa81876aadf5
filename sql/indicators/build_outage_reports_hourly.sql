-- Crowd outage reports per vendor and UTC hour over the data window: every hour from
-- $window_start 00:00 to $window_end 23:00 UTC, for every vendor in $vendors or in posts (zeros
-- included). Reads posts (is_outage_report must be filled); see sql/core/schema.sql.
-- Hours are integer epoch hours (epoch ms // 3 600 000), so neither the session time zone nor
-- DST can move an hour boundary or change the length of a week; hour of week = epoch hour % 168.
-- Rules:
--   reports    distinct reporters per vendor and hour: a reporter is (platform, author); a post
--              without author is its own reporter. Several posts or vendor repeats count once.
--   baseline   median of reports at the same hour of the week in the previous 4 weeks. Hours
--              before the UTC day of the first post in posts were not observed and are left
--              out (fewer weeks at the start); 0 when no earlier week was observed.
--   mad        median absolute deviation of those same weeks from baseline (0 if none).
--   threshold  baseline + max(3, 4 * 1.4826 * mad): 1.4826 * MAD estimates a standard deviation
--              robustly, so this is 4 sigma, but never fewer than 3 extra reporters.
--   is_excess  reports > threshold.
--   is_anomaly is_excess and the previous or next hour is also excess: only runs of >= 2
--              consecutive excess hours count (a single noisy hour is not an outage). The
--              4 weeks before the window are scored too, so the first window hour can join a
--              run that started earlier; the last window hour has no next hour yet.
insert into outage_reports_hourly
with bounds as (
    select
        epoch_ms($window_start::date::timestamp) // 3600000 as first_h,
        epoch_ms(($window_end::date + 1)::timestamp) // 3600000 - 1 as last_h
),
observed as (
    select coalesce(
        min(epoch_ms(created_at)) // 86400000 * 24,
        (select first_h from bounds)
    ) as from_h
    from posts
),
vendor_list as (
    select unnest($vendors::varchar[]) as vendor
    union
    select unnest(vendors) from posts
),
reporters as (
    select
        m.vendor,
        epoch_ms(p.created_at) // 3600000 as h,
        case
            when p.author is null then 'post:' || p.post_id
            else 'author:' || coalesce(p.platform, '') || ':' || p.author
        end as reporter
    from posts as p
    cross join unnest(p.vendors) as m(vendor)
    where p.is_outage_report
),
counts as (
    select r.vendor, r.h, count(distinct r.reporter)::integer as reports
    from reporters as r, bounds as b
    where r.h between b.first_h - 672 and b.last_h
    group by r.vendor, r.h
),
hours as (
    select unnest(range(first_h - 672, last_h + 1)) as h
    from bounds
),
grid as (
    select
        v.vendor,
        g.h,
        coalesce(c.reports, 0) as reports,
        case when g.h >= o.from_h then coalesce(c.reports, 0) end as observed_reports
    from vendor_list as v
    cross join hours as g
    cross join observed as o
    left join counts as c on c.vendor = v.vendor and c.h = g.h
    where v.vendor is not null
),
history as (
    -- The grid has every hour of every vendor, so the 4 preceding rows of the same hour of week
    -- are exactly the 4 previous weeks.
    select
        vendor,
        h,
        reports,
        list_filter(
            list(observed_reports) over (
                partition by vendor, h % 168
                order by h
                rows between 4 preceding and 1 preceding
            ),
            lambda x: x is not null
        ) as prior
    from grid
),
centred as (
    select
        vendor,
        h,
        reports,
        prior,
        coalesce(list_aggregate(prior, 'median'), 0)::double as baseline
    from history
),
scored as (
    select
        vendor,
        h,
        reports,
        baseline,
        coalesce(
            list_aggregate(list_transform(prior, lambda x: abs(x - baseline)), 'median'), 0
        )::double as mad
    from centred
),
thresholded as (
    select
        vendor,
        h,
        reports,
        baseline,
        mad,
        baseline + greatest(3.0, 4 * 1.4826 * mad) as threshold
    from scored
),
flagged as (
    select
        vendor,
        h,
        reports,
        baseline,
        mad,
        threshold,
        reports > threshold as is_excess
    from thresholded
)
select
    f.vendor,
    to_timestamp(f.h * 3600) as hour,
    f.reports,
    round(f.baseline, 3) as baseline,
    round(f.mad, 3) as mad,
    round(f.threshold, 3) as threshold,
    f.is_excess,
    f.is_excess and coalesce(
        lag(f.is_excess) over w or lead(f.is_excess) over w, false
    ) as is_anomaly
from flagged as f
window w as (partition by f.vendor order by f.h)
qualify f.h between (select first_h from bounds) and (select last_h from bounds)
order by f.vendor, hour
