-- Every row of a derived table, removed before it is rebuilt (see warehouse.rebuild_table).
delete from {{table}}
