-- The highest schema version recorded in the warehouse (NULL before any writer ran).
select max(version) from schema_version
