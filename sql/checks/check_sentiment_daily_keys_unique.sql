-- Duplicate (vendor, day, source_type) rows, unknown source types, shares outside [0, 1].
select count(*) - count(distinct (vendor, day, source_type))
    + count(*) filter (
        where source_type not in ('social', 'news')
           or items < 0
           or negative_share < 0 or negative_share > 1
           or (items = 0) <> (negative_share is null)
    )
from sentiment_daily
