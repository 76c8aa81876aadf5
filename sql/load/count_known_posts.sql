select count(*) from posts where post_id in (select unnest($ids::varchar[]))
