-- Duplicate (day, from_vendor, to_vendor) rows, self-switches and non-positive counts.
select count(*) - count(distinct (day, from_vendor, to_vendor))
    + count(*) filter (where from_vendor = to_vendor or posts < 1)
from migration_daily
