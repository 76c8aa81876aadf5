-- Quarantine one whole unusable payload (once per source, record and reason; the first kept).
insert or ignore into quarantine (source, record_ref, reason, seen_at, sha256)
values ($source, $record_ref, $reason, $seen_at::timestamptz, $sha256)
