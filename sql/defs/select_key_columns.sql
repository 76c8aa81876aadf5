-- The primary-key columns of one table.
select constraint_column_names
from duckdb_constraints()
where schema_name = 'main' and table_name = $table and constraint_type = 'PRIMARY KEY'
