-- Drop a legacy table once its rows are copied into the re-created table.
drop table {{legacy}}
