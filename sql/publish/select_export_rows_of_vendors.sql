-- As select_export_rows, keeping only rows whose vendor column {{vendor_column}} or
-- {{other_vendor_column}} (the same column twice for a table with one) is one of $vendors.
select *
from {{table}}
where ($since is null or {{date_column}} >= $since)
  and ($until is null or {{date_column}} < $until)
  and ({{vendor_column}} in (select unnest($vendors::varchar[]))
       or {{other_vendor_column}} in (select unnest($vendors::varchar[])))
order by {{key_1}}, {{key_2}}, {{key_3}}, {{key_4}}, {{key_5}}, columns(*)
