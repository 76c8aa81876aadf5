-- Duplicate (vendor, started_at), runs shorter than 2 h or whose length disagrees with hours,
-- a peak above the total.
select count(*) - count(distinct (vendor, started_at))
    + count(*) filter (
        where hours < 2
           or epoch(ended_at) - epoch(started_at) <> hours * 3600
           or peak_reports < 0 or peak_reports > total_reports
    )
from silent_outages
