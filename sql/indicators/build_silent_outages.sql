-- Crowd outages the vendor never acknowledged. Reads crowd_anomaly_runs (sql/core/views.sql, over
-- outage_reports_hourly: build that first) and incidents; see sql/core/schema.sql.
-- Rules:
--   burst   a maximal run of consecutive is_anomaly hours of one vendor, [started_at, ended_at)
--           with ended_at exclusive (last anomalous hour + 1 h) (r.started_at, r.ended_at below).
--   silent  no incident of the same vendor (any impact, maintenance included: an announced
--           window is not silent) is near or covers the burst:
--             - near:   i.started_at in [r.started_at - 6 h, r.ended_at + 6 h). This holds the
--                       window in which incident_lead_times credits a burst to an incident
--                       ([r.started_at - 1 h, r.started_at + 3 h)), so a burst is never both some
--                       incident's crowd signal and silent; a burst left unmatched by the
--                       one-to-one rule (an earlier burst took its incident) is not silent
--                       either, since that incident is near;
--             - covers: the incident interval [started_at, resolved_at or open) overlaps the burst.
insert into silent_outages
with runs as (
    select vendor, started_at, ended_at, hours, peak_reports, total_reports
    from crowd_anomaly_runs  -- sql/core/views.sql
)
select r.vendor, r.started_at, r.ended_at, r.hours, r.peak_reports, r.total_reports
from runs as r
where not exists (
    select 1
    from incidents as i
    where i.vendor = r.vendor
      and (
          (
              i.started_at >= r.started_at - interval 6 hour
              and i.started_at < r.ended_at + interval 6 hour
          )
          or (
              i.started_at < r.ended_at
              and (i.resolved_at is null or i.resolved_at > r.started_at)
          )
      )
)
order by r.vendor, r.started_at
