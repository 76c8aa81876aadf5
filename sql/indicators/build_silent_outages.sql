-- Crowd outages the vendor never acknowledged. Reads outage_reports_hourly (build that first)
-- and incidents; see sql/core/schema.sql.
-- Rules:
--   run     a maximal run of consecutive is_anomaly hours of one vendor, [run_start, run_end)
--           with run_end exclusive (last anomalous hour + 1 h).
--   silent  no incident of the same vendor (any impact, maintenance included: an announced
--           window is not silent) is near or covers the run:
--             - near:   started_at in [run_start - 6 h, run_end + 2 h];
--             - match:  the run overlaps [started_at - 6 h, started_at + 2 h], the rule by which
--                       incident_lead_times attributes a run to an incident (so a run is never
--                       both some incident's crowd signal and silent);
--             - covers: the incident interval [started_at, resolved_at or open) overlaps the run.
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
          i.started_at between r.run_start - interval 6 hour and r.run_end + interval 2 hour
          or (
              r.run_start <= i.started_at + interval 2 hour
              and r.run_end > i.started_at - interval 6 hour
          )
          or (
              i.started_at < r.run_end
              and (i.resolved_at is null or i.resolved_at > r.run_start)
          )
      )
)
order by r.vendor, r.run_start
