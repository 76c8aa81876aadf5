-- The 7-day net migration index per vendor and UTC day (migration_index_daily).
select vendor, day, inflow_7d, outflow_7d, net_7d, share_7d
from migration_index_daily
order by vendor, day
