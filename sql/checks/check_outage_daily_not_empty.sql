-- 1 when incidents exist but outage_daily has no row at all (the rebuild lost its input).
select (exists (select 1 from incidents) and not exists (select 1 from outage_daily))::integer
