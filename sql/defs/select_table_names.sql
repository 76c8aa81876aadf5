-- Every table of schema main (change detection fingerprints what the publish assets read).
select table_name from duckdb_tables() where schema_name = 'main' order by table_name
