select vendor, count(*) as incidents,
       count(*) filter (where impact in ('major', 'critical')) as major_or_critical,
       count(*) filter (where resolved_at is null) as open,
       count(*) filter (where is_maintenance) as maintenance
from incidents
group by vendor
order by vendor
