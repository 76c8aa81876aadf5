-- Every view of schema main (a check whose SQL reads a view is keyed on every data table).
select view_name from duckdb_views() where schema_name = 'main' and not internal order by view_name
