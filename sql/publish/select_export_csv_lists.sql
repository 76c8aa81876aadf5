-- The rows of {{rows}} (an export query) as the CSV writes its list columns $columns: the
-- elements as text without NULLs (the `;`-join skips them), the first one prefixed as in
-- select_export_csv_text when it starts with a character of $pattern (the joined cell starts
-- with it); other columns as they are, first. The caller puts the columns back in table order.
select
    columns(lambda c: not list_contains($columns, c)),
    list_transform(
        list_filter(
            columns(lambda c: list_contains($columns, c))::varchar[],
            lambda element: element is not null
        ),
        lambda element, i: if(i = 1, regexp_replace(element, $pattern, $replacement), element)
    )
from {{rows}}
