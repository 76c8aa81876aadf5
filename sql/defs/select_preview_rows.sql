-- Up to $limit rows of a table in the given order (the preview the Dagster UI shows).
select * from {{table}} {{order_by}} limit $limit
