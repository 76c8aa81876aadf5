-- (view, view comment, column, type, column comment) for every view of schema main.
select v.view_name, coalesce(v.comment, ''), c.column_name, c.data_type,
       coalesce(c.comment, '')
from duckdb_views() as v
join duckdb_columns() as c
    on c.database_name = v.database_name
    and c.schema_name = v.schema_name
    and c.table_name = v.view_name
where v.schema_name = 'main' and not v.internal
order by v.view_name, c.column_index
