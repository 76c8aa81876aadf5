insert into event_study_curve by name
select * from staged_event_study_curve
