-- Per vendor: official incidents of the window, how many were credited a crowd burst (one burst
-- per incident, sql/indicators/build_incident_lead_times.sql), how many users noticed first
-- (negative lead) and the median lead time in minutes.
select vendor,
       count(*) as incidents,
       count(lead_minutes) as with_crowd_signal,
       count(*) filter (where lead_minutes < 0) as users_first,
       median(lead_minutes) as median_lead_minutes
from incident_lead_times
group by vendor
order by vendor
