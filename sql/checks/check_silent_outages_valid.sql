-- Duplicate (vendor, run_start), runs shorter than 2 h or whose length disagrees with hours,
-- a peak above the total.
select count(*) - count(distinct (vendor, run_start))
    + count(*) filter (
        where hours < 2
           or epoch(run_end) - epoch(run_start) <> hours * 3600
           or peak_reports < 0 or peak_reports > total_reports
    )
from silent_outages
