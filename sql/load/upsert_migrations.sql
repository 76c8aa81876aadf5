insert or replace into migrations
select post_id, platform, created_at, from_vendor, to_vendor, confidence
from staged_migrations
