select count(*) - count(distinct (vendor, incident_id)) from incidents
