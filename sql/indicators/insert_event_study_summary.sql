insert into event_study_summary by name
select * from staged_event_study_summary
