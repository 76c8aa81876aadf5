-- Row count of one table.
select count(*) from {{table}}
