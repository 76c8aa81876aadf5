-- The rows of {{rows}} (an export query) as the CSV writes its text columns $columns
-- (VARCHAR): a cell starting with one of the characters of $pattern (= + - @ tab CR, which a
-- spreadsheet runs as a formula) gets $replacement's leading ' (OWASP CSV injection advice);
-- other columns as they are, first. The caller puts the columns back in table order.
select
    columns(lambda c: not list_contains($columns, c)),
    regexp_replace(columns(lambda c: list_contains($columns, c)), $pattern, $replacement)
from {{rows}}
