insert into schema_version (version, applied_at, description)
select $version, current_timestamp, $description
where not exists (select 1 from schema_version where version = $version)
