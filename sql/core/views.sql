-- Researcher views over the indicator tables, (re)created by every writer connection after
-- sql/core/schema.sql (pipeline.core.warehouse.apply_schema). Timestamps become UTC days with
-- timezone('UTC', ts), so the views give the same days in any session time zone (a researcher's
-- DuckDB CLI follows the local zone). Every view stays valid on empty tables.

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
        count(*) filter (where is_anomaly)::integer as anomalous_hours
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
    so.items as social_posts,
    so.sentiment_mean,
    so.negative_share,
    n.articles as news_articles,
    n.tone_mean as news_tone_mean,
    n.outage_articles,
    m.inflow as migration_inflow,
    m.outflow as migration_outflow,
    m.net as migration_net,
    c.reports as crowd_reports,
    c.anomalous_hours as crowd_anomalous_hours
from spine as s
left join outage_daily as o using (vendor, day)
left join social as so using (vendor, day)
left join news_daily as n using (vendor, day)
left join migration_index_daily as m using (vendor, day)
left join crowd as c using (vendor, day)
order by s.vendor, s.day;

comment on view vendor_daily is 'One row per vendor and UTC day of the data window joining the daily indicators: outages (outage_daily), social sentiment (sentiment_daily, source_type social), news (news_daily), migration (migration_index_daily) and crowd outage reports (outage_reports_hourly). A column is NULL when its table has no row for the vendor and day (e.g. outage columns of a vendor without a status source).';
comment on column vendor_daily.vendor is 'Vendor slug.';
comment on column vendor_daily.day is 'UTC day.';
comment on column vendor_daily.incidents_started is 'Non-maintenance incidents that started this day (outage_daily).';
comment on column vendor_daily.outage_minutes is 'Minutes covered by a minor, major or critical incident (outage_daily).';
comment on column vendor_daily.major_outage_minutes is 'Minutes covered by a major or critical incident (outage_daily).';
comment on column vendor_daily.uptime_pct is 'Uptime of the day in [0, 100] (outage_daily).';
comment on column vendor_daily.mttr_minutes is 'Mean duration of the resolved incidents that started this day (outage_daily); NULL when none.';
comment on column vendor_daily.social_posts is 'Social posts mentioning the vendor (sentiment_daily.items, source_type social).';
comment on column vendor_daily.sentiment_mean is 'Mean sentiment of those posts in [-1, 1]; NULL without posts.';
comment on column vendor_daily.negative_share is 'Share of those posts scoring below -0.05; NULL without posts.';
comment on column vendor_daily.news_articles is 'News stories mentioning the vendor (news_daily.articles).';
comment on column vendor_daily.news_tone_mean is 'Mean tone of those stories in [-1, 1]; NULL without stories.';
comment on column vendor_daily.outage_articles is 'Of those, stories with topic outage.';
comment on column vendor_daily.migration_inflow is 'Posts reporting a switch to the vendor (migration_index_daily.inflow).';
comment on column vendor_daily.migration_outflow is 'Posts reporting a switch away from the vendor.';
comment on column vendor_daily.migration_net is 'migration_inflow - migration_outflow.';
comment on column vendor_daily.crowd_reports is 'Sum of the hourly crowd outage reporters of the day (outage_reports_hourly.reports; a reporter active in several hours counts in each).';
comment on column vendor_daily.crowd_anomalous_hours is 'Hours of the day flagged as crowd outage anomalies (outage_reports_hourly.is_anomaly).';

create or replace view vendor_scorecard_monthly as
with monthly as (
    -- vendor_daily's days summed per month (means weighted by their counts)
    select
        vendor,
        date_trunc('month', day)::date as month,
        count(*)::integer as days,
        sum(incidents_started)::integer as incidents,
        sum(outage_minutes) as outage_minutes,
        sum(major_outage_minutes) as major_outage_minutes,
        avg(uptime_pct) as uptime_pct,
        sum(social_posts)::integer as social_posts,
        sum(social_posts * sentiment_mean) / nullif(sum(social_posts), 0) as sentiment_mean,
        sum(news_articles)::integer as news_articles,
        sum(news_articles * news_tone_mean) / nullif(sum(news_articles), 0) as news_tone_mean,
        sum(outage_articles)::integer as outage_articles,
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
        avg(duration_minutes) as mttr_minutes
    from incidents
    where not is_maintenance and resolved_at is not null
    group by all
)
select
    m.vendor,
    m.month,
    m.days,
    m.incidents,
    m.outage_minutes,
    m.major_outage_minutes,
    m.uptime_pct,
    r.mttr_minutes,
    m.social_posts,
    m.sentiment_mean,
    m.news_articles,
    m.news_tone_mean,
    m.outage_articles,
    m.migration_inflow,
    m.migration_outflow,
    m.migration_net
from monthly as m
left join repair as r using (vendor, month)
order by m.vendor, m.month;

comment on view vendor_scorecard_monthly is 'Monthly vendor scorecard: one row per vendor and UTC calendar month of the data window with outage, repair, sentiment, news and migration figures. Outage columns are NULL for vendors without a status source; a partly covered month (window edge) counts only its days in the window (see days).';
comment on column vendor_scorecard_monthly.vendor is 'Vendor slug.';
comment on column vendor_scorecard_monthly.month is 'First day of the UTC calendar month.';
comment on column vendor_scorecard_monthly.days is 'Days of the month in the data window that have indicator rows for the vendor.';
comment on column vendor_scorecard_monthly.incidents is 'Non-maintenance incidents that started in the month (sum of outage_daily.incidents_started).';
comment on column vendor_scorecard_monthly.outage_minutes is 'Minutes covered by a minor, major or critical incident (sum of outage_daily.outage_minutes).';
comment on column vendor_scorecard_monthly.major_outage_minutes is 'Minutes covered by a major or critical incident.';
comment on column vendor_scorecard_monthly.uptime_pct is 'Uptime of the month in [0, 100]: mean of the daily outage_daily.uptime_pct (every day has 1440 minutes, so this is the time-weighted uptime).';
comment on column vendor_scorecard_monthly.mttr_minutes is 'Mean time to resolve: mean duration_minutes of the resolved non-maintenance incidents that started in the month (incidents); NULL when none.';
comment on column vendor_scorecard_monthly.social_posts is 'Social posts mentioning the vendor (sum of sentiment_daily.items, source_type social).';
comment on column vendor_scorecard_monthly.sentiment_mean is 'Mean sentiment of those posts in [-1, 1] (post-weighted); NULL without posts.';
comment on column vendor_scorecard_monthly.news_articles is 'News stories mentioning the vendor (sum of news_daily.articles).';
comment on column vendor_scorecard_monthly.news_tone_mean is 'Mean tone of those stories in [-1, 1] (story-weighted); NULL without stories.';
comment on column vendor_scorecard_monthly.outage_articles is 'Of those, stories with topic outage.';
comment on column vendor_scorecard_monthly.migration_inflow is 'Posts reporting a switch to the vendor (sum of migration_index_daily.inflow).';
comment on column vendor_scorecard_monthly.migration_outflow is 'Posts reporting a switch away from the vendor.';
comment on column vendor_scorecard_monthly.migration_net is 'migration_inflow - migration_outflow.';

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
    lt.incident_id is not null as lead_time_evaluated,
    lt.first_anomaly_at as crowd_first_anomaly_at,
    lt.anomaly_hours as crowd_anomaly_hours,
    lt.crowd_peak_reports,
    lt.lead_minutes,
    case when lt.incident_id is not null then coalesce(lt.lead_minutes < 0, false) end
        as crowd_noticed_first
from incidents as i
left join incident_lead_times as lt using (vendor, incident_id)
order by i.started_at, i.vendor, i.incident_id;

comment on view incidents_with_lead_time is 'Every status incident with the crowd lead time of incident_lead_times: when users first reported the outage (the matched anomalous run of outage_reports_hourly) and how many minutes before (negative) or after the status page.';
comment on column incidents_with_lead_time.vendor is 'Vendor slug.';
comment on column incidents_with_lead_time.incident_id is 'Vendor incident code.';
comment on column incidents_with_lead_time.title is 'Incident title as published (untrusted text).';
comment on column incidents_with_lead_time.impact is 'none, minor, major, critical or maintenance.';
comment on column incidents_with_lead_time.is_maintenance is 'True for scheduled maintenance.';
comment on column incidents_with_lead_time.started_at is 'UTC start of the incident.';
comment on column incidents_with_lead_time.resolved_at is 'UTC resolution; NULL while open.';
comment on column incidents_with_lead_time.duration_minutes is 'Minutes from started_at to resolved_at; NULL while open.';
comment on column incidents_with_lead_time.url is 'Incident page URL.';
comment on column incidents_with_lead_time.lead_time_evaluated is 'True when incident_lead_times covers the incident (non-maintenance, started in the data window); false for maintenance and incidents outside the window.';
comment on column incidents_with_lead_time.crowd_first_anomaly_at is 'First anomalous crowd hour of the matched run; NULL when no crowd anomaly was near the incident.';
comment on column incidents_with_lead_time.crowd_anomaly_hours is 'Anomalous hours in the matched crowd run.';
comment on column incidents_with_lead_time.crowd_peak_reports is 'Highest hourly crowd reports in the matched run.';
comment on column incidents_with_lead_time.lead_minutes is 'Minutes from started_at to crowd_first_anomaly_at: negative = users noticed before the status page; NULL = no crowd anomaly near the incident.';
comment on column incidents_with_lead_time.crowd_noticed_first is 'lead_minutes < 0 (false when no crowd anomaly matched); NULL when lead_time_evaluated is false.';

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
    min(hour) as run_start,
    max(hour) + interval 1 hour as run_end,
    count(*)::integer as hours,
    max(reports)::integer as peak_reports,
    sum(reports)::integer as total_reports
from anomalous
group by vendor, run_key
order by vendor, run_start;

comment on view crowd_anomaly_runs is 'Runs of consecutive anomalous hours of outage_reports_hourly per vendor: the crowd signal that incident_lead_times attributes to incidents and that silent_outages lists when no incident explains it.';
comment on column crowd_anomaly_runs.vendor is 'Vendor slug.';
comment on column crowd_anomaly_runs.run_start is 'UTC start of the first anomalous hour of the run.';
comment on column crowd_anomaly_runs.run_end is 'UTC end of the last anomalous hour of the run (exclusive).';
comment on column crowd_anomaly_runs.hours is 'Anomalous hours in the run.';
comment on column crowd_anomaly_runs.peak_reports is 'Most crowd reports (distinct authors) in one hour of the run.';
comment on column crowd_anomaly_runs.total_reports is 'Crowd reports summed over the run.';
