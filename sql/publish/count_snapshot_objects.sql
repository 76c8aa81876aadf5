-- Tables and (user) views in the attached catalog $db.
select (select count(*) from duckdb_tables() where database_name = $db),
       (select count(*) from duckdb_views() where database_name = $db and not internal)
