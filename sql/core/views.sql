-- Researcher views over the indicator tables, (re)created by every writer connection after
-- sql/core/schema.sql (pipeline.core.warehouse.apply_schema). Timestamps become UTC days with
-- timezone('UTC', ts), so the views give the same days in any session time zone (a researcher's
-- DuckDB CLI follows the local zone). Every view stays valid on empty tables.

-- Status coverage: which days each status source vouches for. outage_daily has a row for a
-- vendor and day only inside one of these intervals (sql/indicators/build_outage_daily.sql).
create or replace view status_coverage as
with fetched as (
    -- successful fetches: a new payload that parsed, the same bytes again, or HTTP 304
    select
        source,
        arg_max(vendor, started_at) filter (where vendor is not null) as vendor,
        min(started_at) as first_fetched_at,
        max(started_at) as last_fetched_at,
        count(*)::integer as fetches
    from source_runs
    where kind = 'status' and fetch_outcome <> 'failed' and error is null
    group by source
),
reported as (
    select source, vendor, min(reported_at) as first_reported_at
    from (
        select source, vendor, started_at as reported_at from incident_observations
        union all
        select source, vendor, posted_at from update_observations
    )
    group by source, vendor
)
select
    coalesce(f.vendor, r.vendor) as vendor,
    f.source,
    f.fetches,
    f.first_fetched_at,
    f.last_fetched_at,
    r.first_reported_at,
    timezone('UTC', least(r.first_reported_at, f.first_fetched_at))::date as first_covered_day,
    timezone('UTC', f.last_fetched_at)::date as last_covered_day,
    -- Deprecated alias of first_covered_day; removed in schema version 5.
    timezone('UTC', least(r.first_reported_at, f.first_fetched_at))::date as covered_from,
    -- Deprecated alias of last_covered_day; removed in schema version 5.
    timezone('UTC', f.last_fetched_at)::date as covered_until
from fetched as f
-- rows of source_runs written before the vendor was recorded take it from the observations
left join reported as r on r.source = f.source and (f.vendor is null or r.vendor = f.vendor)
where coalesce(f.vendor, r.vendor) is not null
order by vendor, f.source;  -- qualified: DuckDB 1.1 finds "source" ambiguous

comment on view status_coverage is 'Status coverage: one row per status source (and vendor) with at least one successful fetch, and the UTC days it covers. A day counts for a vendor in outage_daily only when it lies in [first_covered_day, last_covered_day] of one of its sources: from the earliest incident or update the source ever reported (or its first successful fetch, if earlier) to the day of its last successful fetch. A source that never fetched successfully (e.g. HTTP 404 on every run) has no row, and its vendor no outage_daily rows: no data, not 100 % uptime.';
comment on column status_coverage.vendor is 'Vendor slug the catalog gave the source (source_runs.vendor; for rows written before it was recorded, the vendor of the source''s observations).';
comment on column status_coverage.source is 'Status source name.';
comment on column status_coverage.fetches is 'Successful fetches: runs whose fetch_outcome is fetched (and the payload parsed), unchanged or not_modified.';
comment on column status_coverage.first_fetched_at is 'UTC start of the first successful fetch.';
comment on column status_coverage.last_fetched_at is 'UTC start of the last successful fetch.';
comment on column status_coverage.first_reported_at is 'Earliest incident start or update time the source ever reported (incident_observations, update_observations); NULL for a feed that never listed an incident.';
comment on column status_coverage.first_covered_day is 'First covered UTC day: the day of the earlier of first_reported_at and first_fetched_at (the feed''s history reaches back to it).';
comment on column status_coverage.last_covered_day is 'Last covered UTC day: the day of last_fetched_at (later days wait for the next successful fetch).';
comment on column status_coverage.covered_from is 'Deprecated alias of first_covered_day; removed in schema version 5.';
comment on column status_coverage.covered_until is 'Deprecated alias of last_covered_day; removed in schema version 5.';

create or replace view vendor_daily as
with spine as (
    select vendor, day from outage_daily
    union
    select vendor, day from sentiment_daily
    union
    select vendor, day from news_daily
    union
    select vendor, day from migration_index_daily
),
social as (
    select vendor, day, items, sentiment_mean, negative_share
    from sentiment_daily
    where source_type = 'social'
),
crowd as (
    select
        vendor,
        timezone('UTC', hour)::date as day,
        sum(reports)::integer as reports,
        count(*) filter (where is_anomaly)::integer as anomaly_hours
    from outage_reports_hourly
    group by all
)
select
    s.vendor,
    s.day,
    o.incidents_started,
    o.outage_minutes,
    o.major_outage_minutes,
    o.uptime_pct,
    o.mttr_minutes,
    so.items as social_items,
    so.sentiment_mean,
    so.negative_share,
    n.articles as news_articles,
    n.tone_mean as news_tone_mean,
    n.outage_articles as news_outage_articles,
    m.inflow as migration_inflow,
    m.outflow as migration_outflow,
    m.net as migration_net,
    c.reports as crowd_reports,
    c.anomaly_hours as crowd_anomaly_hours,
    -- Deprecated alias of social_items; removed in schema version 5.
    so.items as social_posts,
    -- Deprecated alias of news_outage_articles; removed in schema version 5.
    n.outage_articles,
    -- Deprecated alias of crowd_anomaly_hours; removed in schema version 5.
    c.anomaly_hours as crowd_anomalous_hours
from spine as s
left join outage_daily as o using (vendor, day)
left join social as so using (vendor, day)
left join news_daily as n using (vendor, day)
left join migration_index_daily as m using (vendor, day)
left join crowd as c using (vendor, day)
order by s.vendor, s.day;

comment on view vendor_daily is 'One row per vendor and UTC day of the data window joining the daily indicators: outages (outage_daily), social sentiment (sentiment_daily, source_type social), news (news_daily), migration (migration_index_daily) and crowd outage reports (outage_reports_hourly). A column is NULL when its table has no row for the vendor and day: the outage columns are NULL (no data, never 100 % uptime) on days no status feed of the vendor covers (status_coverage).';
comment on column vendor_daily.vendor is 'Vendor slug.';
comment on column vendor_daily.day is 'UTC day.';
comment on column vendor_daily.incidents_started is 'Non-maintenance incidents that started this day (outage_daily).';
comment on column vendor_daily.outage_minutes is 'Minutes covered by a minor, major or critical incident (outage_daily).';
comment on column vendor_daily.major_outage_minutes is 'Minutes covered by a major or critical incident (outage_daily).';
comment on column vendor_daily.uptime_pct is 'Uptime of the day in [0, 100] (outage_daily); NULL when no status feed covers the day (status_coverage).';
comment on column vendor_daily.mttr_minutes is 'Mean duration of the resolved incidents that started this day (outage_daily); NULL when none.';
comment on column vendor_daily.social_items is 'Social posts mentioning the vendor (sentiment_daily.items, source_type social).';
comment on column vendor_daily.sentiment_mean is 'Mean sentiment of those posts in [-1, 1]; NULL without posts.';
comment on column vendor_daily.negative_share is 'Share of those posts scoring below -0.05; NULL without posts.';
comment on column vendor_daily.news_articles is 'News stories mentioning the vendor (news_daily.articles).';
comment on column vendor_daily.news_tone_mean is 'Mean tone of those stories in [-1, 1]; NULL without stories.';
comment on column vendor_daily.news_outage_articles is 'Of those, stories with topic outage (news_daily.outage_articles).';
comment on column vendor_daily.migration_inflow is 'Posts reporting a switch to the vendor (migration_index_daily.inflow).';
comment on column vendor_daily.migration_outflow is 'Posts reporting a switch away from the vendor.';
comment on column vendor_daily.migration_net is 'migration_inflow - migration_outflow.';
comment on column vendor_daily.crowd_reports is 'Sum of the hourly crowd outage reporters of the day (outage_reports_hourly.reports; a reporter active in several hours counts in each).';
comment on column vendor_daily.crowd_anomaly_hours is 'Hours of the day flagged as crowd outage anomalies (outage_reports_hourly.is_anomaly).';
comment on column vendor_daily.social_posts is 'Deprecated alias of social_items; removed in schema version 5.';
comment on column vendor_daily.outage_articles is 'Deprecated alias of news_outage_articles; removed in schema version 5.';
comment on column vendor_daily.crowd_anomalous_hours is 'Deprecated alias of crowd_anomaly_hours; removed in schema version 5.';

create or replace view vendor_scorecard_monthly as
with monthly as (
    -- vendor_daily's days summed per month (means weighted by their counts)
    select
        vendor,
        date_trunc('month', day)::date as month,
        count(*)::integer as days,
        sum(incidents_started)::integer as incidents_started,
        sum(outage_minutes) as outage_minutes,
        sum(major_outage_minutes) as major_outage_minutes,
        avg(uptime_pct) as uptime_pct,
        count(uptime_pct)::integer as uptime_days,
        sum(social_items)::integer as social_items,
        sum(social_items * sentiment_mean) / nullif(sum(social_items), 0) as sentiment_mean,
        sum(news_articles)::integer as news_articles,
        sum(news_articles * news_tone_mean) / nullif(sum(news_articles), 0) as news_tone_mean,
        sum(news_outage_articles)::integer as news_outage_articles,
        sum(migration_inflow)::integer as migration_inflow,
        sum(migration_outflow)::integer as migration_outflow,
        sum(migration_net)::integer as migration_net
    from vendor_daily
    group by all
),
repair as (
    select
        vendor,
        date_trunc('month', timezone('UTC', started_at))::date as month,
        -- capped like outage_daily: 129600 minutes = MAX_INCIDENT_DURATION (pipeline.core.limits)
        avg(least(duration_minutes, 129600)) as mttr_minutes
    from incidents
    where not is_maintenance and resolved_at is not null
    group by all
)
select
    m.vendor,
    m.month,
    m.days,
    m.incidents_started,
    m.outage_minutes,
    m.major_outage_minutes,
    m.uptime_pct,
    m.uptime_days,
    r.mttr_minutes,
    m.social_items,
    m.sentiment_mean,
    m.news_articles,
    m.news_tone_mean,
    m.news_outage_articles,
    m.migration_inflow,
    m.migration_outflow,
    m.migration_net,
    -- Deprecated alias of incidents_started; removed in schema version 5.
    m.incidents_started as incidents,
    -- Deprecated alias of social_items; removed in schema version 5.
    m.social_items as social_posts,
    -- Deprecated alias of news_outage_articles; removed in schema version 5.
    m.news_outage_articles as outage_articles
from monthly as m
left join repair as r using (vendor, month)
order by m.vendor, m.month;

comment on view vendor_scorecard_monthly is 'Monthly vendor scorecard: one row per vendor and UTC calendar month of the data window with outage, repair, sentiment, news and migration figures. Outage columns are NULL for a month no status feed of the vendor covers (status_coverage); a partly covered month (window edge, feed history starting or stopping) counts only its covered days (see uptime_days).';
comment on column vendor_scorecard_monthly.vendor is 'Vendor slug.';
comment on column vendor_scorecard_monthly.month is 'First day of the UTC calendar month.';
comment on column vendor_scorecard_monthly.days is 'Days of the month in the data window that have indicator rows for the vendor.';
comment on column vendor_scorecard_monthly.incidents_started is 'Non-maintenance incidents that started in the month (sum of outage_daily.incidents_started).';
comment on column vendor_scorecard_monthly.outage_minutes is 'Minutes covered by a minor, major or critical incident (sum of outage_daily.outage_minutes).';
comment on column vendor_scorecard_monthly.major_outage_minutes is 'Minutes covered by a major or critical incident.';
comment on column vendor_scorecard_monthly.uptime_pct is 'Uptime of the month in [0, 100]: mean of the daily outage_daily.uptime_pct over the covered days (every day has 1440 minutes, so this is the time-weighted uptime); NULL when no status feed covers any day of the month.';
comment on column vendor_scorecard_monthly.uptime_days is 'Days of the month a status feed of the vendor covers (outage_daily rows): the days uptime_pct, incidents_started and the outage minutes are computed over; 0 = no status data.';
comment on column vendor_scorecard_monthly.mttr_minutes is 'Mean time to resolve: mean duration_minutes of the resolved non-maintenance incidents that started in the month (incidents), each capped at 90 days like outage_daily (incidents.is_duration_clipped); NULL when none.';
comment on column vendor_scorecard_monthly.social_items is 'Social posts mentioning the vendor (sum of sentiment_daily.items, source_type social).';
comment on column vendor_scorecard_monthly.sentiment_mean is 'Mean sentiment of those posts in [-1, 1] (post-weighted); NULL without posts.';
comment on column vendor_scorecard_monthly.news_articles is 'News stories mentioning the vendor (sum of news_daily.articles).';
comment on column vendor_scorecard_monthly.news_tone_mean is 'Mean tone of those stories in [-1, 1] (story-weighted); NULL without stories.';
comment on column vendor_scorecard_monthly.news_outage_articles is 'Of those, stories with topic outage (sum of news_daily.outage_articles).';
comment on column vendor_scorecard_monthly.migration_inflow is 'Posts reporting a switch to the vendor (sum of migration_index_daily.inflow).';
comment on column vendor_scorecard_monthly.migration_outflow is 'Posts reporting a switch away from the vendor.';
comment on column vendor_scorecard_monthly.migration_net is 'migration_inflow - migration_outflow.';
comment on column vendor_scorecard_monthly.incidents is 'Deprecated alias of incidents_started; removed in schema version 5.';
comment on column vendor_scorecard_monthly.social_posts is 'Deprecated alias of social_items; removed in schema version 5.';
comment on column vendor_scorecard_monthly.outage_articles is 'Deprecated alias of news_outage_articles; removed in schema version 5.';

create or replace view incidents_with_lead_time as
select
    i.vendor,
    i.incident_id,
    i.title,
    i.impact,
    i.is_maintenance,
    i.started_at,
    i.resolved_at,
    i.duration_minutes,
    i.url,
    lt.incident_id is not null as is_lead_time_evaluated,
    lt.first_anomaly_at as crowd_first_anomaly_at,
    lt.anomaly_hours as crowd_anomaly_hours,
    lt.peak_reports as crowd_peak_reports,
    lt.lead_minutes,
    case when lt.incident_id is not null then coalesce(lt.lead_minutes < 0, false) end
        as is_crowd_noticed_first,
    lt.burst_id as crowd_burst_id,
    -- Deprecated alias of is_lead_time_evaluated; removed in schema version 5.
    lt.incident_id is not null as lead_time_evaluated,
    -- Deprecated alias of is_crowd_noticed_first; removed in schema version 5.
    case when lt.incident_id is not null then coalesce(lt.lead_minutes < 0, false) end
        as crowd_noticed_first
from incidents as i
left join incident_lead_times as lt using (vendor, incident_id)
order by i.started_at, i.vendor, i.incident_id;

comment on view incidents_with_lead_time is 'Every status incident with the crowd lead time of incident_lead_times: when users first reported the outage (the crowd burst credited to it, one burst per incident at most) and how many minutes before (negative) or after the status page.';
comment on column incidents_with_lead_time.vendor is 'Vendor slug.';
comment on column incidents_with_lead_time.incident_id is 'Vendor incident code.';
comment on column incidents_with_lead_time.title is 'Incident title as published (untrusted text).';
comment on column incidents_with_lead_time.impact is 'none, minor, major, critical or maintenance.';
comment on column incidents_with_lead_time.is_maintenance is 'True for scheduled maintenance.';
comment on column incidents_with_lead_time.started_at is 'UTC start of the incident.';
comment on column incidents_with_lead_time.resolved_at is 'UTC resolution; NULL while open.';
comment on column incidents_with_lead_time.duration_minutes is 'Minutes from started_at to resolved_at; NULL while open.';
comment on column incidents_with_lead_time.url is 'Incident page URL.';
comment on column incidents_with_lead_time.is_lead_time_evaluated is 'True when incident_lead_times covers the incident (non-maintenance, started in the data window); false for maintenance and incidents outside the window.';
comment on column incidents_with_lead_time.crowd_first_anomaly_at is 'First anomalous crowd hour of the matched burst; NULL when no burst was credited to the incident.';
comment on column incidents_with_lead_time.crowd_anomaly_hours is 'Anomalous hours in the matched crowd burst.';
comment on column incidents_with_lead_time.crowd_peak_reports is 'Highest hourly crowd reports in the matched burst (incident_lead_times.peak_reports).';
comment on column incidents_with_lead_time.lead_minutes is 'Minutes from started_at to crowd_first_anomaly_at: negative = users noticed before the status page; NULL = no crowd burst credited to the incident.';
comment on column incidents_with_lead_time.is_crowd_noticed_first is 'lead_minutes < 0 (false when no crowd burst matched); NULL when is_lead_time_evaluated is false.';
comment on column incidents_with_lead_time.crowd_burst_id is 'Id of the crowd burst credited to the incident (crowd_anomaly_runs.burst_id); NULL when none.';
comment on column incidents_with_lead_time.lead_time_evaluated is 'Deprecated alias of is_lead_time_evaluated; removed in schema version 5.';
comment on column incidents_with_lead_time.crowd_noticed_first is 'Deprecated alias of is_crowd_noticed_first; removed in schema version 5.';

create or replace view crowd_anomaly_runs as
with anomalous as (
    select
        vendor,
        hour,
        reports,
        epoch_ms(hour) // 3600000
            - row_number() over (partition by vendor order by hour) as run_key
    from outage_reports_hourly
    where is_anomaly
)
select
    vendor,
    vendor || ':' || strftime(timezone('UTC', min(hour)), '%Y-%m-%dT%H:00Z') as burst_id,
    min(hour) as started_at,
    max(hour) + interval 1 hour as ended_at,
    count(*)::integer as hours,
    max(reports)::integer as peak_reports,
    sum(reports)::integer as total_reports,
    -- Deprecated alias of started_at; removed in schema version 5.
    min(hour) as run_start,
    -- Deprecated alias of ended_at; removed in schema version 5.
    max(hour) + interval 1 hour as run_end
from anomalous
group by vendor, run_key
order by vendor, started_at;

comment on view crowd_anomaly_runs is 'Crowd bursts: runs of consecutive anomalous hours of outage_reports_hourly per vendor, the crowd signal that incident_lead_times credits to at most one incident each and that silent_outages lists when no incident explains it.';
comment on column crowd_anomaly_runs.vendor is 'Vendor slug.';
comment on column crowd_anomaly_runs.burst_id is 'Stable id of the burst: ''<vendor>:<started_at in UTC as YYYY-MM-DDTHH:00Z>'' (incident_lead_times.burst_id).';
comment on column crowd_anomaly_runs.started_at is 'UTC start of the first anomalous hour of the run.';
comment on column crowd_anomaly_runs.ended_at is 'UTC end of the last anomalous hour of the run (exclusive).';
comment on column crowd_anomaly_runs.hours is 'Anomalous hours in the run.';
comment on column crowd_anomaly_runs.peak_reports is 'Most crowd reports (distinct authors) in one hour of the run.';
comment on column crowd_anomaly_runs.total_reports is 'Crowd reports summed over the run.';
comment on column crowd_anomaly_runs.run_start is 'Deprecated alias of started_at; removed in schema version 5.';
comment on column crowd_anomaly_runs.run_end is 'Deprecated alias of ended_at; removed in schema version 5.';
