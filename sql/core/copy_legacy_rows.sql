-- Refill a re-created table from its set-aside legacy copy, matching columns by name (columns
-- the legacy table lacks take their defaults; the deprecated aliases are generated).
insert into {{table}} by name
select * from {{legacy}}
