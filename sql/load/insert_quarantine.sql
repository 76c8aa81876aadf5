-- A record is quarantined once per source, record and reason; the first sighting is kept.
insert or ignore into quarantine
select source, record_ref, reason, seen_at, sha256
from staged_quarantine
