-- The stored (not generated) columns of table $table of catalog $db, in table order.
select column_name from information_schema.columns
where table_catalog = $db and table_schema = 'main' and table_name = $table
  and is_generated = 'NEVER'
order by ordinal_position
