-- First and last value of a table's time column (the data window the Dagster UI shows).
select min({{column}}), max({{column}}) from {{table}}
