-- The JSON Lines lines the bulk path left to the per-record parser (pipeline/parse/social_bulk.py):
-- every line of social_lines(n, line) whose number is not in fast_lines(n), in line order.
select n, line
from social_lines
anti join fast_lines using (n)
order by n
