-- Crowd outages the vendor never acknowledged. Reads crowd_anomaly_runs (sql/core/views.sql, over
-- outage_reports_hourly: build that first) and incidents; see sql/core/schema.sql.
-- Rules:
--   burst   a maximal run of consecutive is_anomaly hours of one vendor, [run_start, run_end)
--           with run_end exclusive (last anomalous hour + 1 h).
--   silent  no incident of the same vendor (any impact, maintenance included: an announced
--           window is not silent) is near or covers the burst:
--             - near:   started_at in [run_start - 6 h, run_end + 6 h). This holds the window in
--                       which incident_lead_times credits a burst to an incident
--                       ([run_start - 1 h, run_start + 3 h)), so a burst is never both some
--                       incident's crowd signal and silent; a burst left unmatched by the
--                       one-to-one rule (an earlier burst took its incident) is not silent
--                       either, since that incident is near;
--             - covers: the incident interval [started_at, resolved_at or open) overlaps the burst.
insert into silent_outages
with runs as (
    select vendor, run_start, run_end, hours, peak_reports, total_reports
    from crowd_anomaly_runs  -- sql/core/views.sql
)
select r.vendor, r.run_start, r.run_end, r.hours, r.peak_reports, r.total_reports
from runs as r
where not exists (
    select 1
    from incidents as i
    where i.vendor = r.vendor
      and (
          (
              i.started_at >= r.run_start - interval 6 hour
              and i.started_at < r.run_end + interval 6 hour
          )
          or (
              i.started_at < r.run_end
              and (i.resolved_at is null or i.resolved_at > r.run_start)
          )
      )
)
order by r.vendor, r.run_start
