-- Whether the connection's database has a schema_version table (1) or not (0).
select count(*)
from duckdb_tables()
where database_name = current_database() and schema_name = 'main'
  and table_name = 'schema_version'
