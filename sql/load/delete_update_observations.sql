-- Before re-inserting a source's updates of an incident, drop what that source said before.
delete from update_observations as u
where exists (
    select 1 from staged_incidents as s
    where s.vendor = u.vendor and s.incident_id = u.incident_id and s.source = u.source
)
