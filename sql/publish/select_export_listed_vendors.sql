-- The vendors an export of {{table}} can be filtered by: the distinct elements of its vendor
-- lists {{vendor_column}}.
select distinct vendor
from (select unnest({{vendor_column}}) as vendor from {{table}})
where vendor is not null
order by vendor
