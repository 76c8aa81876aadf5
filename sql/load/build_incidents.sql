-- Merge every source's observation of an incident into one row per (vendor, incident_id).
-- Preference: a source with the full update history, then JSON over Atom/RSS, then a source
-- that states the impact over one whose impact was inferred, then the most recent observation.
-- An incident resolved more than $max_duration_minutes (pipeline.core.limits.
-- MAX_INCIDENT_DURATION) after its start is kept as published but flagged is_duration_clipped.
insert into incidents
with ranked as (
    select
        o.*,
        row_number() over (
            partition by vendor, incident_id
            order by has_history desc, (format like '%json') desc, is_impact_inferred asc,
                     observed_at desc nulls last, source
        ) as rk
    from incident_observations as o
),
merged as (
    select
        vendor,
        incident_id,
        arg_min(title, rk) as title,
        coalesce(
            arg_min(impact, rk) filter (where impact is not null and not is_impact_inferred),
            arg_min(impact, rk) filter (where impact is not null),
            'minor'
        ) as stated_impact,
        bool_and(is_impact_inferred or impact is null) as is_impact_inferred,
        bool_or(is_maintenance) as is_maintenance,
        coalesce(arg_min(started_at, rk), min(started_at)) as started_at,
        coalesce(arg_min(resolved_at, rk), max(resolved_at)) as resolved_at,
        list_sort(list_distinct(flatten(list(coalesce(components, []::varchar[]))))) as components,
        arg_min(url, rk) as url,
        arg_min(source, rk) as source,
        list_sort(list_distinct(list(source))) as sources,
        arg_max(status, coalesce(observed_at, started_at)) as status
    from ranked
    group by vendor, incident_id
),
update_counts as (
    select vendor, incident_id, count(*)::integer as updates
    from incident_updates
    group by vendor, incident_id
)
select
    m.vendor,
    m.incident_id,
    m.title,
    case when m.is_maintenance then 'maintenance' else m.stated_impact end as impact,
    m.is_impact_inferred and not m.is_maintenance as is_impact_inferred,
    m.is_maintenance,
    m.started_at,
    m.resolved_at,
    round(epoch(m.resolved_at - m.started_at) / 60.0, 3) as duration_minutes,
    m.components,
    m.url,
    m.source,
    m.sources,
    m.status,
    coalesce(u.updates, 0) as updates,
    coalesce(epoch(m.resolved_at - m.started_at) / 60.0 > $max_duration_minutes, false)
        as is_duration_clipped
from merged as m
left join update_counts as u using (vendor, incident_id)
where m.started_at is not null
order by m.vendor, m.started_at, m.incident_id
