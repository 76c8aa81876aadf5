-- The vendors an export of {{table}} can be filtered by: the distinct values of its vendor
-- columns {{vendor_column}} and {{other_vendor_column}} (the same column twice for one).
select distinct vendor
from (
    select {{vendor_column}} as vendor from {{table}}
    union
    select {{other_vendor_column}} as vendor from {{table}}
)
where vendor is not null
order by vendor
