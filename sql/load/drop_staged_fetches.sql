-- Drop the temp table stage_fetches made (inside the transaction that made it).
drop table if exists temp.staged_fetches
