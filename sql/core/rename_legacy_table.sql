-- Move a table written before a column rename aside, to be re-created by sql/core/schema.sql
-- and refilled from it (pipeline.core.warehouse.migrate_renamed_columns).
alter table {{table}} rename to {{legacy}}
