-- Fingerprint of a table's contents for change detection (incremental runs): its row count and
-- the sum of one hash per row, so the same rows in any order give the same fingerprint.
select count(*)::bigint, coalesce(sum(hash(t)::hugeint), 0)::varchar
from {{table}} as t
