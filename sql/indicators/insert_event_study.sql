insert into event_study by name
select * from staged_event_study
