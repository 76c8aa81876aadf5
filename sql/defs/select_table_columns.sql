-- The columns of one table in order, with types and comments.
select column_name, data_type, coalesce(comment, '')
from duckdb_columns()
where schema_name = 'main' and table_name = $table
order by column_index
