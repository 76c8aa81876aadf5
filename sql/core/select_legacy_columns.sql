-- Renamed columns still stored under their old name: a warehouse written before the rename, to
-- migrate (pipeline.core.warehouse.migrate_renamed_columns). $renames is a list of
-- {'table_name', 'old_name', 'new_name'} structs (warehouse.RENAMED_COLUMNS).
select r.rename.table_name, r.rename.old_name, r.rename.new_name
from duckdb_columns() as c
join (select unnest($renames) as rename) as r
    on c.table_name = r.rename.table_name and c.column_name = r.rename.old_name
where c.database_name = current_database() and c.schema_name = 'main' and not c.is_generated
order by all
