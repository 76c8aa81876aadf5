-- The event study's average changes per scope, role and metric (event_study_summary).
select scope, role, metric, events, delta_mean, delta_ci_low, delta_ci_high, norm_mean,
       norm_ci_low, norm_ci_high
from event_study_summary
