-- The COMMENT ON TABLE text of one table.
select coalesce(comment, '') from duckdb_tables() where schema_name = 'main' and table_name = $table
