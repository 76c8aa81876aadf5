-- Every event, subject vendor and metric of the event study, by event day.
select event_id, vendor, event_day, last_incident_day, title, incidents, worst_impact, subject_vendor,
       role, metric, pre_days, post_days, delta, ci_low, ci_high, delta_norm
from event_study
order by event_day, vendor, subject_vendor, metric
