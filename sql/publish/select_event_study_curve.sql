-- The average response curves of the event study, per scope, role, metric and day offset.
select scope, role, metric, day_offset, events, change_mean, change_ci_low, change_ci_high,
       norm_mean, norm_ci_low, norm_ci_high
from event_study_curve
order by scope, role, metric, day_offset
