-- Replace every row of table {{table}} of the attached snapshot {{snapshot}} with the rows of
-- the same table of {{source}}: its stored {{columns}} (generated columns are computed).
delete from {{snapshot}}.main.{{table}};
insert into {{snapshot}}.main.{{table}} ({{columns}})
select {{columns}} from {{source}}.main.{{table}}
