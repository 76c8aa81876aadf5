-- A re-read post that no longer reads as a switch loses its migration row.
delete from migrations where post_id in (select post_id from staged_posts)
