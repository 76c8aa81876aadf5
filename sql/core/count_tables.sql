-- How many tables schema main holds (a cheap sign that the schema was applied to this file).
select count(*) from duckdb_tables() where schema_name = 'main'
