-- Duplicate (vendor, day) rows plus negative counts.
select count(*) - count(distinct (vendor, day))
    + count(*) filter (where articles < 0 or sources < 0 or (articles > 0 and sources < 1))
from news_daily
