-- Duplicate (vendor, day) rows, negative flows, net <> inflow - outflow (daily and 7-day),
-- a 7-day flow below the day's flow, share_7d outside [0, 1].
select count(*) - count(distinct (vendor, day))
    + count(*) filter (
        where inflow < 0 or outflow < 0
           or net <> inflow - outflow
           or net_7d <> inflow_7d - outflow_7d
           or inflow_7d < inflow or outflow_7d < outflow
           or share_7d < 0 or share_7d > 1
    )
from migration_index_daily
