-- Updates whose incident is missing (their incident was quarantined or lacks a start).
select count(*) from incident_updates as u
where not exists (select 1 from incidents as i where i.vendor = u.vendor and i.incident_id = u.incident_id)
