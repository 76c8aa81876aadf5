-- Rename a column of a set-aside legacy table to its current name before its rows are copied
-- back by name (pipeline.core.warehouse.migrate_renamed_columns).
alter table {{legacy}} rename column {{old_name}} to {{new_name}}
