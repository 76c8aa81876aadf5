-- Earliest day with an incident or a news story (default start of the data window).
select least(
    (select min(started_at) from incidents),
    (select min(published_at) from articles)
)::date
