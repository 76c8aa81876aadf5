-- DuckDB's worker threads; a database-wide setting.
set threads = $threads
