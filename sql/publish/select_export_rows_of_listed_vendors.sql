-- As select_export_rows, keeping only rows whose vendor list {{vendor_column}} holds any of
-- $vendors.
select *
from {{table}}
where ($since is null or {{date_column}} >= $since)
  and ($until is null or {{date_column}} < $until)
  and list_has_any({{vendor_column}}, $vendors::varchar[])
order by {{key_1}}, {{key_2}}, {{key_3}}, {{key_4}}, {{key_5}}, columns(*)
