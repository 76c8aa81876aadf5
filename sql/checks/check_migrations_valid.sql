-- Switches must name two different known vendors, with confidence in [0, 1], for a known post.
select count(*) from migrations as m
where m.from_vendor = m.to_vendor or m.confidence < 0 or m.confidence > 1
   or not exists (select 1 from posts as p where p.post_id = m.post_id)
