-- (table, table comment, column, type, column comment) for every table of schema main.
select t.table_name, coalesce(t.comment, ''), c.column_name, c.data_type,
       coalesce(c.comment, '')
from duckdb_tables() as t
join duckdb_columns() as c using (database_name, schema_name, table_name)
where t.schema_name = 'main'
order by t.table_name, c.column_index
