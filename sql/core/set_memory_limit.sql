-- Cap DuckDB's memory (buffer pool, operators spill past it); a database-wide setting.
set memory_limit = $memory_limit
