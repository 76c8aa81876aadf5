-- The data window of an exportable table {{table}}: the first and last UTC day of its date
-- column {{date_column}} (a timestamp's day in the session zone, UTC for exports) and its rows.
select min({{date_column}})::date, max({{date_column}})::date, count(*)
from {{table}}
